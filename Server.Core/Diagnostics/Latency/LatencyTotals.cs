using System.Diagnostics;
using IocpAdmin.Protocol;

namespace IocpAdmin.Server.Diagnostics.Latency;

/// <summary>
/// A reading of <see cref="RequestLatency"/>: counts per histogram bucket and time per stage, by
/// opcode. Cumulative since the server started, or, after <see cref="Since"/>, over a window.
/// </summary>
public sealed class LatencyTotals
{
    private readonly long[] _buckets;
    private readonly long[] _sums;

    internal LatencyTotals(long[] buckets, long[] sums, long takenAt)
    {
        _buckets = buckets;
        _sums = sums;
        TakenAt = takenAt;
    }

    /// <summary>When it was read (<see cref="Stopwatch"/> timestamp).</summary>
    public long TakenAt { get; }

    /// <summary>The opcodes a request can have.</summary>
    public static IReadOnlyList<RequestKind> Opcodes { get; } =
        [RequestKind.Add, RequestKind.Delete, RequestKind.Retrieve, RequestKind.Count, RequestKind.List, RequestKind.Ping, RequestKind.Quit];

    /// <summary>What happened between <paramref name="earlier"/> and this reading.</summary>
    public LatencyTotals Since(LatencyTotals earlier)
    {
        ArgumentNullException.ThrowIfNull(earlier);
        var buckets = new long[_buckets.Length];
        var sums = new long[_sums.Length];
        for (var i = 0; i < buckets.Length; i++)
        {
            buckets[i] = Math.Max(0, _buckets[i] - earlier._buckets[i]);
        }

        for (var i = 0; i < sums.Length; i++)
        {
            sums[i] = Math.Max(0, _sums[i] - earlier._sums[i]);
        }

        return new LatencyTotals(buckets, sums, TakenAt);
    }

    /// <summary>Requests of this opcode counted.</summary>
    public long Count(RequestKind kind)
    {
        var start = Histogram(kind, LatencyStageKind.Total);
        long count = 0;
        for (var i = 0; i < LatencyBuckets.Count; i++)
        {
            count += _buckets[start + i];
        }

        return count;
    }

    /// <summary>
    /// The value under which a share <paramref name="quantile"/> of the requests fall, in milliseconds
    /// (the bucket's upper bound: at most 25 % above the true value); 0 with no requests.
    /// </summary>
    public double Percentile(RequestKind kind, LatencyStageKind stage, double quantile)
    {
        var start = Histogram(kind, stage);
        var count = Count(kind);
        if (count == 0)
        {
            return 0;
        }

        var rank = (long)Math.Ceiling(Math.Clamp(quantile, 0, 1) * count);
        long seen = 0;
        for (var i = 0; i < LatencyBuckets.Count; i++)
        {
            seen += _buckets[start + i];
            if (seen >= Math.Max(1, rank))
            {
                return LatencyBuckets.UpperBound(i) / 1000.0;
            }
        }

        return LatencyBuckets.UpperBound(LatencyBuckets.Count - 1) / 1000.0;
    }

    /// <summary>The highest bucket any request of this opcode reached, in milliseconds (0 with none).</summary>
    public double Max(RequestKind kind, LatencyStageKind stage)
    {
        var start = Histogram(kind, stage);
        for (var i = LatencyBuckets.Count - 1; i >= 0; i--)
        {
            if (_buckets[start + i] > 0)
            {
                return LatencyBuckets.UpperBound(i) / 1000.0;
            }
        }

        return 0;
    }

    /// <summary>The mean, in milliseconds (exact: from the summed time, not the buckets).</summary>
    public double Mean(RequestKind kind, LatencyStageKind stage)
    {
        var count = Count(kind);
        return count == 0 ? 0 : RequestLatency.ToMicroseconds(_sums[Index(kind, stage)]) / 1000.0 / count;
    }

    /// <summary>The share of this opcode's total time spent in <paramref name="stage"/>, 0 to 1.</summary>
    public double Share(RequestKind kind, LatencyStageKind stage)
    {
        var total = _sums[Index(kind, LatencyStageKind.Total)];
        return total <= 0 ? 0 : Math.Clamp((double)_sums[Index(kind, stage)] / total, 0, 1);
    }

    private static int Index(RequestKind kind, LatencyStageKind stage) =>
        (((int)kind & (RequestLatency.Opcodes - 1)) * RequestLatency.Stages) + (int)stage;

    private static int Histogram(RequestKind kind, LatencyStageKind stage) => Index(kind, stage) * LatencyBuckets.Count;
}
