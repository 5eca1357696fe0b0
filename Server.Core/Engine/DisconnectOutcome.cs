namespace IocpAdmin.Server.Engine;

/// <summary>What a disconnect did to each client it was given.</summary>
/// <param name="Closed">Connections this action closed (including <paramref name="Forced"/>).</param>
/// <param name="AlreadyGone">Ids no connected client had when the action started, or whose client ended on its own (QUIT, gone, timed out) before the action closed it.</param>
/// <param name="Forced">Graceful ones that had not finished within the grace period and were closed at once.</param>
/// <param name="StillOpen">Connections still open when the action stopped waiting.</param>
/// <param name="Took">From the request to the last connection closed (or the end of the wait).</param>
public sealed record DisconnectOutcome(
    IReadOnlyList<long> Closed,
    IReadOnlyList<long> AlreadyGone,
    IReadOnlyList<long> Forced,
    IReadOnlyList<long> StillOpen,
    TimeSpan Took);
