using System.Diagnostics;
using IocpAdmin.Server.Storage;

namespace IocpAdmin.Server.Diagnostics.Latency;

/// <summary>
/// Turns the cumulative <see cref="RequestLatency"/> and store statistics into what happened over
/// the last <see cref="Window"/>: it keeps a reading every few seconds (a few kilobytes each, a
/// dozen kept) and subtracts the one a window old from now. It also watches the completion queue's
/// depth every second, for the doctor's "saturated for 30 s".
/// </summary>
public sealed class LatencyMonitor : IDisposable
{
    /// <summary>How far back a report looks.</summary>
    public static readonly TimeSpan Window = TimeSpan.FromSeconds(60);

    private static readonly TimeSpan s_readingEvery = TimeSpan.FromSeconds(5);
    private readonly RequestLatency _latency;
    private readonly EngineMonitor _engine;
    private readonly RecordStore _store;
    private readonly StoreOptions _storeOptions;
    private readonly Lock _gate = new();
    private readonly LinkedList<Reading> _readings = new();
    private readonly Timer _timer;
    private long _deepSince;
    private int _seconds;

    internal LatencyMonitor(RequestLatency latency, EngineMonitor engine, RecordStore store, StoreOptions storeOptions)
    {
        _latency = latency;
        _engine = engine;
        _store = store;
        _storeOptions = storeOptions;
        _readings.AddLast(Read());
        _timer = new Timer(static state => ((LatencyMonitor)state!).Tick(), this, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
    }

    public RequestLatency Latency => _latency;

    public SlowLog SlowLog => _latency.SlowLog;

    /// <summary>The last <see cref="Window"/> (or since the start, when younger): latencies, the doctor's findings, the newest slow requests.</summary>
    public LatencyReport Report(int slowEntries = 50)
    {
        var now = Read();
        Reading baseline;
        lock (_gate)
        {
            baseline = _readings.First!.Value;
            foreach (var reading in _readings)
            {
                if (Stopwatch.GetElapsedTime(reading.Timestamp, now.Timestamp) >= Window)
                {
                    baseline = reading;
                }
            }
        }

        var window = Stopwatch.GetElapsedTime(baseline.Timestamp, now.Timestamp);
        var totals = now.Latency.Since(baseline.Latency);
        var operations = LatencyTotals.Opcodes.Select(kind => OperationLatency.From(totals, kind, window.TotalSeconds)).ToList();
        var deepSince = Volatile.Read(ref _deepSince);
        var input = new DoctorInput(
            window,
            operations,
            _engine.Latest ?? _engine.GetSnapshot(),
            deepSince == 0 ? TimeSpan.Zero : Stopwatch.GetElapsedTime(deepSince),
            now.Store.Since(baseline.Store),
            _storeOptions.Synchronous,
            _latency.SlowThreshold);
        var slow = SlowLog.Entries();
        return new LatencyReport(DateTimeOffset.UtcNow, window, operations, Doctor.Diagnose(input), _latency.SlowThreshold, SlowLog.Total,
            slow.Count > slowEntries ? slow.Take(slowEntries).ToList() : slow);
    }

    public void Dispose() => _timer.Dispose();

    private void Tick()
    {
        // Read directly, not through a snapshot: a sample taken here would shorten the interval of
        // the dashboard's next one, and its rates with it.
        var (depth, workers) = _engine.PortLoad;
        var deep = workers > 0 && depth > 4 * workers;
        if (!deep)
        {
            Volatile.Write(ref _deepSince, 0);
        }
        else if (Volatile.Read(ref _deepSince) == 0)
        {
            Volatile.Write(ref _deepSince, Stopwatch.GetTimestamp());
        }

        if (++_seconds % (int)s_readingEvery.TotalSeconds != 0)
        {
            return;
        }

        var reading = Read();
        lock (_gate)
        {
            _readings.AddLast(reading);
            // Keep the newest reading that is at least a window old, and everything after it.
            while (_readings.First!.Next is { } second && Stopwatch.GetElapsedTime(second.Value.Timestamp, reading.Timestamp) >= Window)
            {
                _readings.RemoveFirst();
            }
        }
    }

    private Reading Read()
    {
        var statistics = _store.Statistics;
        return new Reading(Stopwatch.GetTimestamp(), _latency.Read(),
            new StoreWindow(statistics.Commits, statistics.CommitTicks, statistics.LockWaitTicks, statistics.SyncTicks, statistics.FailedCommits,
                statistics.FailingSince, statistics.LastError?.Reason));
    }

    private sealed record Reading(long Timestamp, LatencyTotals Latency, StoreWindow Store);
}
