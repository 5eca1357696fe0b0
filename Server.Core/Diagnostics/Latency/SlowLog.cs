namespace IocpAdmin.Server.Diagnostics.Latency;

/// <summary>
/// The slowest requests' log, like Redis's SLOWLOG: the latest <see cref="Capacity"/> requests that
/// took at least the threshold, newest first. Bounded in entries (each a few dozen bytes), so a
/// storm of slow requests costs a fixed amount of memory. Only slow requests reach it: the lock is
/// off the hot path.
/// </summary>
public sealed class SlowLog
{
    /// <summary>The most entries a slow log may be configured to keep.</summary>
    public const int MaxCapacity = 10_000;

    private readonly Lock _gate = new();
    private readonly SlowRequest?[] _ring;
    private long _added;
    private long _cleared;

    public SlowLog(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(capacity, MaxCapacity);
        _ring = new SlowRequest?[capacity];
    }

    public int Capacity => _ring.Length;

    /// <summary>Slow requests logged since the server started (older ones have left the log).</summary>
    public long Total => Interlocked.Read(ref _added);

    /// <summary>Fired after an entry is added, on the thread that added it: keep handlers short.</summary>
    public event Action<SlowRequest>? Added;

    /// <summary>The entries kept, newest first.</summary>
    public IReadOnlyList<SlowRequest> Entries()
    {
        lock (_gate)
        {
            var count = (int)Math.Min(_added - _cleared, _ring.Length);
            var entries = new SlowRequest[count];
            for (var i = 0; i < count; i++)
            {
                entries[i] = _ring[(int)((_added - 1 - i) % _ring.Length)]!;
            }

            return entries;
        }
    }

    /// <summary>Empties the log (SLOWLOG RESET); the total goes on counting.</summary>
    public void Clear()
    {
        lock (_gate)
        {
            Array.Clear(_ring);
            _cleared = _added;
        }
    }

    internal void Add(Func<long, SlowRequest> create)
    {
        SlowRequest entry;
        lock (_gate)
        {
            entry = create(_added + 1);
            _ring[(int)(_added % _ring.Length)] = entry;
            _added++;
        }

        Added?.Invoke(entry);
    }
}
