using System.Globalization;
using IocpAdmin.Protocol;
using IocpAdmin.Server.Sessions;

namespace IocpAdmin.Server.Diagnostics;

/// <summary>A connection that has ended, and why: what support staff look at after the fact.</summary>
/// <param name="Detail">The disconnect's reason (what the client was told), the OS error, or the timeout's limit; null when the reason says it all.</param>
public sealed record ClosedSession(
    long Id,
    int? ProcessId,
    uint? UserId,
    DateTimeOffset ConnectedAt,
    DateTimeOffset ClosedAt,
    CloseReason Reason,
    string? Detail,
    SessionState ClosedIn,
    long Requests,
    long BytesReceived,
    long BytesSent,
    RequestKind LastRequest)
{
    /// <summary>The protocol's name of the last request, or empty.</summary>
    public string LastRequestName => LastRequest == RequestKind.None ? string.Empty : RequestNames.Of(LastRequest);

    /// <summary>Why it ended, in words.</summary>
    public string Why => Reason switch
    {
        CloseReason.EndOfStream => "the client closed its end",
        CloseReason.Quit => "the client sent QUIT",
        CloseReason.BadRequest => "bad frame (BAD_REQUEST sent)",
        CloseReason.PeerReset => "the client went away abruptly" + (Detail is null ? "" : $" ({Detail})"),
        CloseReason.IoFailed => "an I/O failed" + (Detail is null ? "" : $" ({Detail})"),
        CloseReason.Disconnected => Detail ?? "disconnected by an operator",
        CloseReason.PartialFrameTimeout => "half a frame for too long" + (Detail is null ? "" : $" ({Detail})"),
        CloseReason.ShuttingDown => "the server stopped",
        CloseReason.Fault => "a server fault (see the log)",
        CloseReason.Quarantined => "refused on arrival: " + Detail,
        _ => Reason.ToString(),
    };

    internal static ClosedSession Of(Session session, int partialFrameTimeoutSeconds)
    {
        var reason = session.ClosedBecause;
        var failure = session.IoFailure;
        var detail = reason switch
        {
            CloseReason.Disconnected => session.DisconnectReason,
            CloseReason.PartialFrameTimeout => string.Create(CultureInfo.InvariantCulture, $"limit {partialFrameTimeoutSeconds} s"),
            CloseReason.PeerReset or CloseReason.IoFailed when failure.OsError != 0 =>
                string.Create(CultureInfo.InvariantCulture, $"OS error {failure.OsError}: {failure.Describe()}"),
            _ => null,
        };
        return new ClosedSession(session.Id, session.Peer.ProcessId, session.Peer.UserId, session.ConnectedAt, DateTimeOffset.UtcNow,
            reason, detail, session.ClosedIn, session.Requests, session.BytesReceived, session.BytesSent, session.LastRequest);
    }
}
