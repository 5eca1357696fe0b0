using System.Diagnostics;
using IocpAdmin.Server.Sessions;

namespace IocpAdmin.Server.Engine;

// An operator's disconnect of a given list of clients: gracefully (answered, told why, closed) or
// now, and not done until the connections are really closed, or it says which are not.
internal abstract partial class PipeEngine
{
    private static readonly TimeSpan s_disconnectPoll = TimeSpan.FromMilliseconds(10);

    /// <summary>
    /// Disconnects exactly the clients named by <paramref name="ids"/> (a client that connected
    /// since they were chosen has another id and is never touched) and waits for their connections
    /// to close: graceful ones up to <paramref name="gracePeriod"/>, then closed at once; a close
    /// at once takes milliseconds, but is waited for up to <see cref="s_abortGrace"/> (or the grace
    /// period if longer: one stuck in a store commit).
    /// </summary>
    /// <remarks>
    /// With <paramref name="perSecond"/>, the clients are told one after another at that pace, so a
    /// fleet does not reconnect all at once; the grace period counts from the last one.
    /// </remarks>
    public async Task<DisconnectOutcome> DisconnectAsync(IReadOnlyCollection<long> ids, DisconnectMode mode, string reason, TimeSpan gracePeriod,
        double? perSecond, CancellationToken cancellationToken)
    {
        if (perSecond is { } rate && !(rate > 0 && double.IsFinite(rate)))
        {
            throw new ArgumentOutOfRangeException(nameof(perSecond), rate, "The rate must be a positive number of clients per second.");
        }

        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        var started = Stopwatch.GetTimestamp();
        var wanted = ids.ToHashSet();
        var targets = new List<Session>(wanted.Count);
        // One pass over the table, whatever the number of ids.
        var connected = new List<Session>();
        Sessions.CopyTo(connected);
        foreach (var session in connected.OrderBy(static s => s.Id))
        {
            if (wanted.Remove(session.Id))
            {
                if (perSecond is { } pace && targets.Count > 0)
                {
                    var due = TimeSpan.FromSeconds(targets.Count / pace) - Stopwatch.GetElapsedTime(started);
                    if (due > TimeSpan.Zero)
                    {
                        await Task.Delay(due, CancellationToken.None);
                    }
                }

                targets.Add(session);
                if (mode == DisconnectMode.Graceful)
                {
                    session.RequestFarewell(reason);
                }
                else
                {
                    session.RequestDisconnect(reason);
                }
            }
        }

        var alreadyGone = wanted.Order().ToList();
        var forced = new List<long>();
        if (mode == DisconnectMode.Graceful && !await WaitClosedAsync(targets, gracePeriod, cancellationToken))
        {
            foreach (var session in targets.Where(static s => !s.IsReleased))
            {
                if (session.RequestDisconnect(reason))
                {
                    forced.Add(session.Id);
                }
            }
        }

        await WaitClosedAsync(targets, mode == DisconnectMode.Now && gracePeriod > s_abortGrace ? gracePeriod : s_abortGrace, cancellationToken);
        // A client that ended on its own meanwhile (QUIT, gone, timed out) was not closed by this action.
        var closed = targets.Where(static s => s.IsReleased && s.ClosedBecause == CloseReason.Disconnected).Select(static s => s.Id).Order().ToList();
        alreadyGone.AddRange(targets.Where(static s => s.IsReleased && s.ClosedBecause != CloseReason.Disconnected).Select(static s => s.Id));
        alreadyGone.Sort();
        var open = targets.Where(static s => !s.IsReleased).Select(static s => s.Id).Order().ToList();
        forced.Sort();
        return new DisconnectOutcome(closed, alreadyGone, forced, open, Stopwatch.GetElapsedTime(started));
    }

    private static async Task<bool> WaitClosedAsync(List<Session> sessions, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        while (sessions.Exists(static s => !s.IsReleased))
        {
            if (Stopwatch.GetTimestamp() >= deadline || cancellationToken.IsCancellationRequested)
            {
                return false;
            }

            await Task.Delay(s_disconnectPoll, CancellationToken.None);
        }

        return true;
    }
}
