namespace IocpAdmin.Server.Engine.Transport;

/// <summary>Who is at the other end of a pipe connection, as far as the OS tells (null when it does not).</summary>
public readonly record struct PeerIdentity(int? ProcessId, uint? UserId);
