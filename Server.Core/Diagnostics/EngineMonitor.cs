using System.Diagnostics;
using IocpAdmin.Server.Engine;
using IocpAdmin.Server.Sessions;

namespace IocpAdmin.Server.Diagnostics;

/// <summary>
/// Samples the engine for the dashboard, the hub and the metrics. Snapshots are computed at most
/// once per <see cref="MinimumInterval"/> whatever the number of readers, and rates are measured
/// between consecutive snapshots; the hot path only bumps its own counters.
/// </summary>
public sealed class EngineMonitor
{
    private readonly PipeEngine _engine;
    private readonly Lock _gate = new();
    private readonly List<Session> _sessions = [];
    private EngineSnapshot? _latest;
    private Sample _previous;

    internal EngineMonitor(PipeEngine engine, TimeSpan minimumInterval)
    {
        _engine = engine;
        MinimumInterval = minimumInterval;
        _previous = TakeSample(out _);
    }

    /// <summary>The completion queue's depth now and the number of workers, read directly: no sample is taken (rates stay the feed's).</summary>
    public (int QueueDepth, int Workers) PortLoad => (_engine.Port?.QueueDepth ?? 0, _engine.Workers.Count);

    /// <summary>The newest snapshot computed (null before the first): for readers that must not take a sample themselves.</summary>
    public EngineSnapshot? Latest
    {
        get
        {
            lock (_gate)
            {
                return _latest;
            }
        }
    }

    /// <summary>Snapshots younger than this are reused.</summary>
    public TimeSpan MinimumInterval { get; }

    public EngineSnapshot GetSnapshot()
    {
        lock (_gate)
        {
            var now = Stopwatch.GetTimestamp();
            if (_latest is not null && Stopwatch.GetElapsedTime(_previous.Timestamp, now) < MinimumInterval)
            {
                return _latest;
            }

            var sample = TakeSample(out var byState);
            _latest = Build(sample, _previous, byState);
            _previous = sample;
            return _latest;
        }
    }

    /// <summary>Every connected client now (for 10,000 clients, about a megabyte: page and filter it before sending it anywhere).</summary>
    public IReadOnlyList<SessionSnapshot> GetSessions()
    {
        lock (_gate)
        {
            _sessions.Clear();
            _engine.Sessions.CopyTo(_sessions);
            var now = Environment.TickCount64;
            var result = new SessionSnapshot[_sessions.Count];
            for (var i = 0; i < result.Length; i++)
            {
                result[i] = Snapshot(_sessions[i], now);
            }

            _sessions.Clear();
            return result;
        }
    }

    /// <summary>One connected client now, with its recent history (oldest first); false when no client has that id.</summary>
    public bool TryGetSession(long id, out SessionSnapshot? snapshot, out IReadOnlyList<Sessions.HistoryEvent> history)
    {
        if (!_engine.Sessions.TryFind(id, out var session))
        {
            snapshot = null;
            history = [];
            return false;
        }

        snapshot = Snapshot(session, Environment.TickCount64);
        history = session.History.Read();
        return true;
    }

    private SessionSnapshot Snapshot(Session session, long now)
    {
        var partialSince = session.PartialSince;
        return new SessionSnapshot(session.Id, session.Key, session.State, session.ConnectedAt,
            Since(session.LastActivity, now), session.Requests,
            session.BytesReceived, session.BytesSent, session.LastRequest, partialSince != 0,
            session.Peer.ProcessId, session.Peer.UserId,
            Since(session.StateSince, now), partialSince != 0 ? Since(partialSince, now) : null,
            session.PartialBytes, session.PartialFrameSize, session.UnsentBytes, session.WaitingWrites,
            TimeSpan.FromSeconds(_engine.Options.PartialFrameTimeoutSeconds));
    }

    private static TimeSpan Since(long ticks, long now) => TimeSpan.FromMilliseconds(Math.Max(0, now - ticks));

    private Sample TakeSample(out Dictionary<SessionState, int> byState)
    {
        _sessions.Clear();
        _engine.Sessions.CopyTo(_sessions);
        var (requests, received, sent) = _engine.ClosedTotals;
        byState = [];
        foreach (var session in _sessions)
        {
            requests += session.Requests;
            received += session.BytesReceived;
            sent += session.BytesSent;
            var state = session.State;
            byState[state] = byState.GetValueOrDefault(state) + 1;
        }

        var workers = _engine.Workers;
        var busy = new long[workers.Count];
        var completions = new long[workers.Count];
        for (var i = 0; i < busy.Length; i++)
        {
            busy[i] = workers[i].BusyTicks;
            completions[i] = workers[i].Completions;
        }

        var store = _engine.Store.Statistics;
        var sample = new Sample(Stopwatch.GetTimestamp(), _sessions.Count, requests, received, sent, busy, completions,
            store.Commits, store.OperationsCommitted, store.CommitTicks, store.TakeWindowMaxCommitTicks());
        _sessions.Clear();
        return sample;
    }

    private EngineSnapshot Build(Sample now, Sample before, Dictionary<SessionState, int> byState)
    {
        var elapsedTicks = Math.Max(1, now.Timestamp - before.Timestamp);
        var seconds = (double)elapsedTicks / Stopwatch.Frequency;
        double Rate(long current, long previous) => Math.Max(0, current - previous) / seconds;

        var workers = _engine.Workers;
        var workerSnapshots = new WorkerSnapshot[workers.Count];
        for (var i = 0; i < workerSnapshots.Length; i++)
        {
            var busyPercent = Math.Clamp(100.0 * (now.WorkerBusy[i] - before.WorkerBusy[i]) / elapsedTicks, 0, 100);
            long? current = workers[i].CurrentKey is { } key && _engine.Sessions.TryGet(key, out var session) ? session.Id : null;
            workerSnapshots[i] = new WorkerSnapshot(workers[i].Id, busyPercent, now.WorkerCompletions[i],
                Rate(now.WorkerCompletions[i], before.WorkerCompletions[i]), current);
        }

        var store = _engine.Store;
        var commits = now.Commits - before.Commits;
        var error = store.Statistics.LastError;
        var storeSnapshot = new StoreSnapshot(
            store.Count, store.NextId, now.Commits, Rate(now.Commits, before.Commits), now.Operations,
            Rate(now.Operations, before.Operations),
            commits > 0 ? (double)(now.Operations - before.Operations) / commits : 0,
            commits > 0 ? Stopwatch.GetElapsedTime(0, (now.CommitTicks - before.CommitTicks) / commits).TotalMilliseconds : 0,
            Stopwatch.GetElapsedTime(0, now.MaxCommitTicks).TotalMilliseconds,
            store.Statistics.LastBatchSize, store.Statistics.FailedCommits, error?.Reason, error?.At,
            store.Statistics.FailingSince, store.Statistics.RecoveredAt);

        var port = _engine.Port;
        return new EngineSnapshot(
            DateTimeOffset.UtcNow, _engine.Kind, _engine.Address, now.Sessions, _engine.Options.MaxClients,
            _engine.AcceptedTotal, _engine.RefusedTotal, byState,
            port?.QueueDepth ?? 0, port?.ActiveCount ?? 0, port?.Concurrency ?? 0,
            now.Requests, Rate(now.Requests, before.Requests),
            now.BytesReceived, now.BytesSent, Rate(now.BytesReceived, before.BytesReceived), Rate(now.BytesSent, before.BytesSent),
            workerSnapshots, storeSnapshot, ProcessThreadCount(), _engine.CompletionSource, _engine.Admission);
    }

    private static int ProcessThreadCount()
    {
        if (OperatingSystem.IsLinux())
        {
            // One line of /proc instead of a ProcessThread object per thread (10,000 of them under
            // thread-per-client).
            foreach (var line in File.ReadLines("/proc/self/status"))
            {
                if (line.StartsWith("Threads:", StringComparison.Ordinal) && int.TryParse(line.AsSpan(8), out var threads))
                {
                    return threads;
                }
            }
        }

        using var process = Process.GetCurrentProcess();
        return process.Threads.Count;
    }

    private readonly record struct Sample(
        long Timestamp,
        int Sessions,
        long Requests,
        long BytesReceived,
        long BytesSent,
        long[] WorkerBusy,
        long[] WorkerCompletions,
        long Commits,
        long Operations,
        long CommitTicks,
        long MaxCommitTicks);
}
