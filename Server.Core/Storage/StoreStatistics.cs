using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace IocpAdmin.Server.Storage;

/// <summary>
/// What the store's writer has done: commits, operations, failures, commit time. Written by the
/// writer thread only, read lock-free by the monitor; the histograms feed <c>dotnet-counters</c>.
/// </summary>
public sealed class StoreStatistics
{
    private readonly Histogram<int>? _batchSize;
    private readonly Histogram<double>? _commitDuration;
    private long _commits;
    private long _operations;
    private long _failedCommits;
    private long _commitTicks;
    private long _lockWaitTicks;
    private long _syncTicks;
    private long _windowMaxCommitTicks;
    private int _lastBatchSize;
    private string? _lastError;
    private long _lastErrorAtTicks;
    private long _failingSinceTicks;
    private long _recoveredAtTicks;

    public StoreStatistics(Meter? meter = null)
    {
        _batchSize = meter?.CreateHistogram<int>("iocpadmin.store.commit.batch_size", "{operation}",
            "Operations committed per transaction (group commit).");
        _commitDuration = meter?.CreateHistogram<double>("iocpadmin.store.commit.duration", "ms",
            "Time from the start of a transaction to the end of its commit.");
    }

    public long Commits => Volatile.Read(ref _commits);

    public long OperationsCommitted => Volatile.Read(ref _operations);

    public long FailedCommits => Volatile.Read(ref _failedCommits);

    /// <summary>Total time spent in successful commits, in <see cref="Stopwatch"/> ticks.</summary>
    public long CommitTicks => Volatile.Read(ref _commitTicks);

    /// <summary>Time spent acquiring the database's write lock (BEGIN IMMEDIATE), failed attempts included, in <see cref="Stopwatch"/> ticks.</summary>
    public long LockWaitTicks => Volatile.Read(ref _lockWaitTicks);

    /// <summary>Time spent in COMMIT itself (the journal's fsync), in <see cref="Stopwatch"/> ticks.</summary>
    public long SyncTicks => Volatile.Read(ref _syncTicks);

    public int LastBatchSize => Volatile.Read(ref _lastBatchSize);

    /// <summary>The reason of the most recent failed commit, and when (null if none).</summary>
    public (string Reason, DateTimeOffset At)? LastError
    {
        get
        {
            var reason = Volatile.Read(ref _lastError);
            return reason is null ? null : (reason, new DateTimeOffset(Volatile.Read(ref _lastErrorAtTicks), TimeSpan.Zero));
        }
    }

    /// <summary>
    /// When the current run of failed commits began; null while commits succeed. It ends with the
    /// first commit that succeeds again (the fault is gone: space freed, file writable).
    /// </summary>
    public DateTimeOffset? FailingSince => Ticks(Volatile.Read(ref _failingSinceTicks));

    /// <summary>When the store last recovered from a run of failed commits (null if it never failed).</summary>
    public DateTimeOffset? RecoveredAt => Ticks(Volatile.Read(ref _recoveredAtTicks));

    /// <summary>The longest commit since the previous call, in <see cref="Stopwatch"/> ticks (the monitor's sampling window).</summary>
    public long TakeWindowMaxCommitTicks() => Interlocked.Exchange(ref _windowMaxCommitTicks, 0);

    internal void RecordLockWait(long ticks) => Volatile.Write(ref _lockWaitTicks, _lockWaitTicks + ticks);

    internal void RecordSync(long ticks) => Volatile.Write(ref _syncTicks, _syncTicks + ticks);

    internal void RecordCommit(int operations, long ticks)
    {
        Volatile.Write(ref _operations, _operations + operations);
        Volatile.Write(ref _commitTicks, _commitTicks + ticks);
        Volatile.Write(ref _lastBatchSize, operations);
        Volatile.Write(ref _commits, _commits + 1);
        var max = Volatile.Read(ref _windowMaxCommitTicks);
        while (ticks > max)
        {
            var seen = Interlocked.CompareExchange(ref _windowMaxCommitTicks, ticks, max);
            if (seen == max)
            {
                break;
            }

            max = seen;
        }

        if (Volatile.Read(ref _failingSinceTicks) != 0)
        {
            Volatile.Write(ref _recoveredAtTicks, DateTimeOffset.UtcNow.UtcTicks);
            Volatile.Write(ref _failingSinceTicks, 0);
        }

        _batchSize?.Record(operations);
        _commitDuration?.Record(Stopwatch.GetElapsedTime(0, ticks).TotalMilliseconds);
    }

    internal void RecordFailure(string reason)
    {
        var now = DateTimeOffset.UtcNow.UtcTicks;
        if (Volatile.Read(ref _failingSinceTicks) == 0)
        {
            Volatile.Write(ref _failingSinceTicks, now);
        }

        Volatile.Write(ref _lastErrorAtTicks, now);
        Volatile.Write(ref _lastError, reason);
        Volatile.Write(ref _failedCommits, _failedCommits + 1);
    }

    private static DateTimeOffset? Ticks(long utcTicks) => utcTicks == 0 ? null : new DateTimeOffset(utcTicks, TimeSpan.Zero);
}
