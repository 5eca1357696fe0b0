using IocpAdmin.Protocol;
using IocpAdmin.Server.Sessions;

namespace IocpAdmin.Server.Diagnostics;

/// <summary>One connected client at one moment.</summary>
/// <param name="StateFor">How long it has been in <paramref name="State"/>.</param>
/// <param name="PartialFor">How long its incomplete frame has waited, or null when none is buffered.</param>
/// <param name="PartialBytes">Bytes of that frame received so far.</param>
/// <param name="PartialFrameSize">That frame's whole size, or 0 while its length prefix is incomplete.</param>
/// <param name="UnsentBytes">Responses written and not yet taken by the client.</param>
/// <param name="WaitingWrites">Its writes gathered for, or with, the store.</param>
/// <param name="PartialFrameTimeout">The server's limit for an incomplete frame.</param>
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
    uint? UserId,
    TimeSpan StateFor = default,
    TimeSpan? PartialFor = null,
    int PartialBytes = 0,
    int PartialFrameSize = 0,
    int UnsentBytes = 0,
    int WaitingWrites = 0,
    TimeSpan PartialFrameTimeout = default)
{
    /// <summary>The protocol's name of the latest request (ADD, LIST...), or empty before the first.</summary>
    public string LastRequestName => LastRequest == RequestKind.None ? string.Empty : RequestNames.Of(LastRequest);

    /// <summary>What it is doing, in words, with the evidence (made once per snapshot, on first use).</summary>
    public ClientVerdict Verdict => field ??= ClientVerdict.Of(this);
}
