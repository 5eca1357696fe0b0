using IocpAdmin.Server.Diagnostics;
using IocpAdmin.Server.Engine.Transport;
using Microsoft.Extensions.Logging;

namespace IocpAdmin.Server.Engine;

// Quarantines: a process or a user kept out for a while after an operator disconnected it. The
// accept path reads one array (empty almost always); changes copy it under a lock.
internal abstract partial class PipeEngine
{
    /// <summary>The most quarantines in force at once.</summary>
    public const int MaxQuarantines = 1024;

    private readonly Lock _quarantineGate = new();
    private Quarantine[] _quarantines = [];
    private long _nextQuarantineId;

    /// <summary>The quarantines in force now, soonest to end first.</summary>
    public IReadOnlyList<Quarantine> Quarantines()
    {
        var now = DateTimeOffset.UtcNow;
        return Volatile.Read(ref _quarantines).Where(q => q.IsActive(now)).OrderBy(static q => q.Until).ToArray();
    }

    /// <summary>Puts a quarantine in force (one for the same target replaces it); from any thread.</summary>
    /// <summary>
    /// Puts quarantines in force for every key, all or none (one for the same target replaces it);
    /// from any thread. Throws <see cref="InvalidOperationException"/> when they would exceed <see cref="MaxQuarantines"/>.
    /// </summary>
    public IReadOnlyList<Quarantine> AddQuarantines(QuarantineKind scope, IReadOnlyCollection<long> keys, string reason, string by, TimeSpan duration)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(duration, TimeSpan.Zero);
        lock (_quarantineGate)
        {
            var now = DateTimeOffset.UtcNow;
            var kept = _quarantines.Where(q => q.IsActive(now) && !(q.Scope == scope && keys.Contains(q.Key))).ToList();
            if (kept.Count + keys.Count > MaxQuarantines)
            {
                throw new InvalidOperationException(
                    $"At most {MaxQuarantines} quarantines can be in force ({kept.Count} are, {keys.Count} more asked for); lift some first.");
            }

            var added = keys.Select(key => new Quarantine(++_nextQuarantineId, scope, key, reason, by, now, now + duration)).ToList();
            kept.AddRange(added);
            Volatile.Write(ref _quarantines, [.. kept]);
            return added;
        }
    }

    /// <summary>Ends a quarantine now; null when none with that id is in force.</summary>
    public Quarantine? LiftQuarantine(long id)
    {
        lock (_quarantineGate)
        {
            var now = DateTimeOffset.UtcNow;
            var lifted = _quarantines.FirstOrDefault(q => q.Id == id && q.IsActive(now));
            Volatile.Write(ref _quarantines, _quarantines.Where(q => q.Id != id && q.IsActive(now)).ToArray());
            return lifted;
        }
    }

    /// <summary>The quarantine that keeps this client out now, or null (the usual case: no quarantine at all).</summary>
    private Quarantine? QuarantineOf(PeerIdentity peer)
    {
        var quarantines = Volatile.Read(ref _quarantines);
        if (quarantines.Length == 0)
        {
            return null;
        }

        var now = DateTimeOffset.UtcNow;
        foreach (var quarantine in quarantines)
        {
            if (quarantine.IsActive(now) && quarantine.Matches(peer.ProcessId, peer.UserId))
            {
                return quarantine;
            }
        }

        return null;
    }

    /// <summary>
    /// Counts a refusal; the first one of each quarantine is remembered among the recently closed
    /// and logged, then every 100th is logged: a retry storm, the usual reason for a quarantine,
    /// must not push the connections support staff look for out of the ring, nor flood the log.
    /// </summary>
    private void OnQuarantined(PeerIdentity peer, Quarantine quarantine)
    {
        var count = quarantine.CountRefusal();
        if (count == 1)
        {
            var now = DateTimeOffset.UtcNow;
            RememberClosed(new ClosedSession(0, peer.ProcessId, peer.UserId, now, now, IocpAdmin.Server.Sessions.CloseReason.Quarantined,
                quarantine.Message, IocpAdmin.Server.Sessions.SessionState.WaitingForData, 0, 0, 0, Protocol.RequestKind.None));
        }

        if (count == 1 || count % 100 == 0)
        {
            Log.ClientQuarantined(Logger, peer.ProcessId, peer.UserId, count, quarantine.Message);
        }
    }
}
