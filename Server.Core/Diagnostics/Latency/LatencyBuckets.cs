namespace IocpAdmin.Server.Diagnostics.Latency;

/// <summary>
/// The buckets of the latency histograms, in microseconds: exact below 4 µs, then four buckets per
/// power of two (each at most 25 % wide) up to 2^32 µs (71 minutes); longer goes in the last bucket.
/// An index is a few shifts: no division, no loop, no allocation.
/// </summary>
public static class LatencyBuckets
{
    /// <summary>How many buckets a histogram has.</summary>
    public const int Count = 124;

    public static int IndexOf(long microseconds)
    {
        if (microseconds < 4)
        {
            return (int)Math.Max(0, microseconds);
        }

        var exponent = 63 - (int)long.LeadingZeroCount(microseconds);
        if (exponent >= 32)
        {
            return Count - 1;
        }

        var subBucket = (int)(microseconds >> (exponent - 2)) & 3;
        return (4 * (exponent - 1)) + subBucket;
    }

    /// <summary>The largest value, in microseconds, that falls in bucket <paramref name="index"/>.</summary>
    public static long UpperBound(int index)
    {
        if (index < 4)
        {
            return index;
        }

        var exponent = (index / 4) + 1;
        var subBucket = index % 4;
        return ((4L + subBucket + 1) << (exponent - 2)) - 1;
    }
}
