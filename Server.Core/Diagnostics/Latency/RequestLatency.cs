using System.Diagnostics;
using System.Diagnostics.Metrics;
using IocpAdmin.Protocol;

namespace IocpAdmin.Server.Diagnostics.Latency;

/// <summary>
/// Every answered request's latency, by opcode and stage (<see cref="LatencyStageKind"/>), since the
/// server started: a histogram per opcode and stage, plus the time summed per stage. Written from
/// every worker (or client thread) with interlocked adds into one of a few stripes chosen by thread,
/// so writers rarely share a cache line; nothing is allocated. Readers sum the stripes
/// (<see cref="Read"/>) and subtract two readings for a window (<see cref="LatencyTotals.Since"/>).
/// </summary>
public sealed class RequestLatency
{
    internal const int Opcodes = 8;
    internal const int Stages = 5;
    private const int Stripes = 4;
    private const int HistogramsPerStripe = Opcodes * Stages;

    // One stripe: [opcode][stage][bucket] counts, then [opcode][stage] summed ticks, then padding
    // so the next stripe starts on another cache line.
    private const int SumsOffset = HistogramsPerStripe * LatencyBuckets.Count;
    private const int StripeLength = SumsOffset + HistogramsPerStripe + 16;

    private static readonly double s_microsecondsPerTick = 1_000_000.0 / Stopwatch.Frequency;
    private readonly long[] _cells = new long[Stripes * StripeLength];
    private readonly Histogram<double>? _instrument;

    public RequestLatency(TimeSpan slowThreshold, int slowLogCapacity, Meter? meter = null)
    {
        SlowThreshold = slowThreshold;
        SlowThresholdTicks = (long)(slowThreshold.TotalSeconds * Stopwatch.Frequency);
        SlowLog = new SlowLog(slowLogCapacity);
        _instrument = meter?.CreateHistogram<double>("iocpadmin.request.duration", "ms",
            "Time from a request's arrival at the port to its answer's hand-off to the pipe, by opcode and stage (total, queue, worker, commit, client_read).");
    }

    /// <summary>Where a request processor made outside an engine (a test, a benchmark) counts its requests.</summary>
    internal static RequestLatency Unobserved => s_unobserved.Value;

    private static readonly Lazy<RequestLatency> s_unobserved = new(() => new RequestLatency(TimeSpan.FromHours(1), 1));

    /// <summary>Requests at least this slow go to the <see cref="SlowLog"/>.</summary>
    public TimeSpan SlowThreshold { get; }

    internal long SlowThresholdTicks { get; }

    public SlowLog SlowLog { get; }

    /// <summary>
    /// Counts <paramref name="count"/> requests of one opcode that arrived together and were sent
    /// together, with their stage times in <see cref="Stopwatch"/> ticks.
    /// </summary>
    internal void Record(RequestKind kind, int count, long queue, long worker, long commit, long clientRead)
    {
        var stripe = (Environment.CurrentManagedThreadId & (Stripes - 1)) * StripeLength;
        var opcode = (int)kind & (Opcodes - 1);
        var total = queue + worker + commit + clientRead;
        Add(stripe, opcode, LatencyStageKind.Total, total, count);
        Add(stripe, opcode, LatencyStageKind.Queue, queue, count);
        Add(stripe, opcode, LatencyStageKind.Worker, worker, count);
        Add(stripe, opcode, LatencyStageKind.Commit, commit, count);
        Add(stripe, opcode, LatencyStageKind.ClientRead, clientRead, count);
        if (_instrument is { Enabled: true })
        {
            RecordInstrument(kind, count, total, queue, worker, commit, clientRead);
        }
    }

    /// <summary>The totals now, summed over the stripes.</summary>
    public LatencyTotals Read()
    {
        var buckets = new long[HistogramsPerStripe * LatencyBuckets.Count];
        var sums = new long[HistogramsPerStripe];
        for (var stripe = 0; stripe < Stripes; stripe++)
        {
            var start = stripe * StripeLength;
            for (var i = 0; i < buckets.Length; i++)
            {
                buckets[i] += Volatile.Read(ref _cells[start + i]);
            }

            for (var i = 0; i < sums.Length; i++)
            {
                sums[i] += Volatile.Read(ref _cells[start + SumsOffset + i]);
            }
        }

        return new LatencyTotals(buckets, sums, Stopwatch.GetTimestamp());
    }

    internal static long ToMicroseconds(long ticks) => (long)(ticks * s_microsecondsPerTick);

    private void Add(int stripe, int opcode, LatencyStageKind stage, long ticks, int count)
    {
        var histogram = (opcode * Stages) + (int)stage;
        var bucket = LatencyBuckets.IndexOf(ToMicroseconds(ticks));
        Interlocked.Add(ref _cells[stripe + (histogram * LatencyBuckets.Count) + bucket], count);
        Interlocked.Add(ref _cells[stripe + SumsOffset + histogram], ticks * count);
    }

    private void RecordInstrument(RequestKind kind, int count, long total, long queue, long worker, long commit, long clientRead)
    {
        var opcode = RequestNames.Of(kind);
        Span<long> values = [total, queue, worker, commit, clientRead];
        for (var stage = 0; stage < Stages; stage++)
        {
            var milliseconds = values[stage] * s_microsecondsPerTick / 1000.0;
            var tags = new TagList { { "opcode", opcode }, { "stage", StageNames.Of((LatencyStageKind)stage) } };
            for (var i = 0; i < count; i++)
            {
                _instrument!.Record(milliseconds, tags);
            }
        }
    }
}
