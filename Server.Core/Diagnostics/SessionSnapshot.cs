using IocpAdmin.Protocol;
using IocpAdmin.Server.Sessions;

namespace IocpAdmin.Server.Diagnostics;

/// <summary>One connected client at one moment.</summary>
public sealed record SessionSnapshot(
    long Id,
    ulong Key,
    SessionState State,
    DateTimeOffset ConnectedAt,
    TimeSpan IdleFor,
    long Requests,
    long BytesReceived,
    long BytesSent,
    RequestKind LastRequest,
    bool HasPartialFrame,
    int? ProcessId,
    uint? UserId)
{
    /// <summary>The protocol's name of the latest request (ADD, LIST...), or empty before the first.</summary>
    public string LastRequestName => LastRequest == RequestKind.None ? string.Empty : RequestNames.Of(LastRequest);
}
