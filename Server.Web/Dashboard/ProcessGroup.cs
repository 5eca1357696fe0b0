namespace IocpAdmin.Web.Dashboard;

/// <summary>The clients of one process.</summary>
/// <param name="Requests">Requests its connected clients made so far (the page turns two readings into a rate).</param>
/// <param name="Stuck">Its clients with half a frame or not reading.</param>
public sealed record ProcessGroup(int? ProcessId, string? Executable, string? User, int Connections, long Requests, int Stuck);
