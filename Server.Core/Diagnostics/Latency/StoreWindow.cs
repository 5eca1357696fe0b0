using System.Diagnostics;

namespace IocpAdmin.Server.Diagnostics.Latency;

/// <summary>The store's commit counters at a reading, or (after <see cref="Since"/>) over a window; times in <see cref="Stopwatch"/> ticks.</summary>
public sealed record StoreWindow(
    long Commits,
    long CommitTicks,
    long LockWaitTicks,
    long SyncTicks,
    long FailedCommits,
    DateTimeOffset? FailingSince,
    string? LastError)
{
    /// <summary>The mean commit, milliseconds (0 without commits).</summary>
    public double MeanCommitMilliseconds => Commits == 0 ? 0 : Stopwatch.GetElapsedTime(0, CommitTicks).TotalMilliseconds / Commits;

    /// <summary>The mean wait for the write lock per commit, milliseconds.</summary>
    public double MeanLockWaitMilliseconds => Commits == 0 ? 0 : Stopwatch.GetElapsedTime(0, LockWaitTicks).TotalMilliseconds / Commits;

    /// <summary>The mean COMMIT (fsync) per commit, milliseconds.</summary>
    public double MeanSyncMilliseconds => Commits == 0 ? 0 : Stopwatch.GetElapsedTime(0, SyncTicks).TotalMilliseconds / Commits;

    public StoreWindow Since(StoreWindow earlier)
    {
        ArgumentNullException.ThrowIfNull(earlier);
        return new StoreWindow(Commits - earlier.Commits, CommitTicks - earlier.CommitTicks, LockWaitTicks - earlier.LockWaitTicks,
            SyncTicks - earlier.SyncTicks, FailedCommits - earlier.FailedCommits, FailingSince, LastError);
    }
}
