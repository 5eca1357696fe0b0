using IocpAdmin.Web.Dashboard;
using IocpAdmin.Web.Diagnostics;
using Microsoft.Data.Sqlite;

namespace IocpAdmin.Web.History;

/// <summary>
/// Writes the feed's figures to the <see cref="HistoryStore"/> once a second, in a transaction every
/// 5 s (a crash loses at most that), rolls whole minutes up as they end and prunes past the retention
/// every 10 minutes. A history that cannot be written (disk full, file read-only) is logged once and
/// retried; it never touches the records or the pipe. What waits meanwhile is bounded (10 minutes).
/// </summary>
internal sealed class HistoryRecorder(DashboardFeed feed, HistoryStore store, ILogger<HistoryRecorder> logger) : BackgroundService
{
    private const int FlushEverySeconds = 5;
    private const int MaxPending = 600;
    private static readonly TimeSpan s_pruneEvery = TimeSpan.FromMinutes(10);
    private readonly List<HistoryPoint> _pending = [];
    private DateTimeOffset _lastRecorded;
    private DateTimeOffset _rolledUpTo;
    private DateTimeOffset _prunedAt;
    private bool _failing;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        Log.HistoryFile(logger, store.FilePath);
        // From the minute after the last one rolled up (the partial minute before a stop is rolled up now), at most a day back.
        var now = DateTimeOffset.UtcNow;
        try
        {
            var last = store.LastRolledUpMinute();
            _rolledUpTo = last is { } minute && minute > now - HistoryStore.SecondsKept ? minute.AddMinutes(1) : now - TimeSpan.FromMinutes(2);
        }
        catch (SqliteException)
        {
            _rolledUpTo = now - TimeSpan.FromMinutes(2);
        }

        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
        var ticks = 0;
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                Sample();
                if (++ticks % FlushEverySeconds == 0)
                {
                    Flush();
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The host is stopping: what was sampled is written below.
        }

        Flush();
    }

    private void Sample()
    {
        if (feed.Latest is not { } snapshot)
        {
            return;
        }

        // One point per second: the newest snapshot of that second.
        var second = DateTimeOffset.FromUnixTimeSeconds(snapshot.Timestamp.ToUnixTimeSeconds());
        if (second <= _lastRecorded)
        {
            return;
        }

        _lastRecorded = second;
        _pending.Add(HistoryPoint.Of(snapshot) with { At = second });
        if (_pending.Count > MaxPending)
        {
            _pending.RemoveRange(0, _pending.Count - MaxPending);
        }
    }

    private void Flush()
    {
        var now = DateTimeOffset.UtcNow;
        try
        {
            store.AppendSeconds(_pending);
            _pending.Clear();
            if (now.ToUnixTimeSeconds() / 60 > _rolledUpTo.ToUnixTimeSeconds() / 60)
            {
                store.RollUpMinutes(_rolledUpTo, now);
                _rolledUpTo = now;
            }

            if (now - _prunedAt >= s_pruneEvery)
            {
                store.Prune(now);
                _prunedAt = now;
            }

            if (_failing)
            {
                _failing = false;
                Log.HistoryRecovered(logger, store.FilePath);
            }
        }
        catch (Exception ex) when (ex is SqliteException or IOException or UnauthorizedAccessException)
        {
            if (!_failing)
            {
                _failing = true;
                Log.HistoryWriteFailed(logger, ex, store.FilePath);
            }
        }
    }
}
