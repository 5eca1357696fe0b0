namespace IocpAdmin.Server.Engine;

/// <summary>
/// A queue of completion packets with the semantics of a Win32 I/O completion port:
/// at most <see cref="Concurrency"/> threads are released at once (a thread counts as released from
/// the dequeue that gave it a packet until its next call to dequeue), and the thread that waited
/// last is woken first, so the hottest thread (its stack and cache warm) keeps the work and the
/// others stay asleep. Any source may post: pipe I/O, the record store, the admin API, timers.
/// </summary>
public sealed class CompletionPort : ICompletionPort
{
    private readonly Lock _gate = new();
    private CompletionPacket[] _ring = new CompletionPacket[1024];
    private int _head;
    private int _count;
    private PortWaiter[] _waiters = new PortWaiter[16];
    private int _waiterCount;
    private int _active;
    private bool _closed;
    private long _posted;

    public CompletionPort(int concurrency)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(concurrency, 1);
        Concurrency = concurrency;
    }

    /// <summary>How many threads may run packets from this port at the same time.</summary>
    public int Concurrency { get; }

    /// <summary>Packets posted and not yet dequeued.</summary>
    public int QueueDepth => Volatile.Read(ref _count);

    /// <summary>Threads released by the port and still working on their packet.</summary>
    public int ActiveCount => Volatile.Read(ref _active);

    /// <summary>Threads asleep in <see cref="TryDequeue"/>.</summary>
    public int WaitingCount => Volatile.Read(ref _waiterCount);

    /// <summary>Packets posted since the port was created.</summary>
    public long PostedCount => Volatile.Read(ref _posted);

    public bool IsClosed => Volatile.Read(ref _closed);

    /// <summary>
    /// Queues a packet, or hands it straight to the most recent waiter when fewer than
    /// <see cref="Concurrency"/> threads are released. Returns false after <see cref="Close"/>.
    /// </summary>
    public bool Post(in CompletionPacket packet)
    {
        PortWaiter? woken = null;
        lock (_gate)
        {
            if (_closed)
            {
                return false;
            }

            _posted++;
            if (_waiterCount > 0 && _active < Concurrency)
            {
                woken = _waiters[--_waiterCount];
                _waiters[_waiterCount] = null!;
                woken.Packet = packet;
                woken.HasPacket = true;
                woken.IsActive = true;
                _active++;
            }
            else
            {
                Enqueue(packet);
            }
        }

        // Waking outside the lock: the woken thread's first act is not to contend for it.
        woken?.Wake();
        return true;
    }

    /// <summary>
    /// Ends the caller's previous packet (if any) and waits for the next one.
    /// Returns false on timeout, or once the port is closed and no packet is left for this thread.
    /// </summary>
    public bool TryDequeue(PortWaiter waiter, out CompletionPacket packet, int millisecondsTimeout = Timeout.Infinite)
    {
        ArgumentNullException.ThrowIfNull(waiter);
        lock (_gate)
        {
            if (waiter.IsActive)
            {
                waiter.IsActive = false;
                _active--;
            }

            if (_count > 0 && _active < Concurrency)
            {
                packet = Dequeue();
                waiter.IsActive = true;
                _active++;
                return true;
            }

            if (_closed || millisecondsTimeout == 0)
            {
                packet = default;
                return false;
            }

            waiter.HasPacket = false;
            waiter.Rearm();
            PushWaiter(waiter);
        }

        if (!waiter.Wait(millisecondsTimeout))
        {
            lock (_gate)
            {
                if (!waiter.HasPacket)
                {
                    RemoveWaiter(waiter);
                    packet = default;
                    return false;
                }
            }

            // A poster chose this waiter just as the wait timed out; its wake is on its way.
            waiter.Wait(Timeout.Infinite);
        }

        lock (_gate)
        {
            if (!waiter.HasPacket)
            {
                // Woken by Close with nothing handed over.
                packet = default;
                return false;
            }

            waiter.HasPacket = false;
            packet = waiter.Packet;
            return true;
        }
    }

    public void Leave(PortWaiter waiter)
    {
        ArgumentNullException.ThrowIfNull(waiter);
        PortWaiter? woken = null;
        lock (_gate)
        {
            if (!waiter.IsActive)
            {
                return;
            }

            waiter.IsActive = false;
            _active--;
            if (_count > 0 && _waiterCount > 0)
            {
                woken = _waiters[--_waiterCount];
                _waiters[_waiterCount] = null!;
                woken.Packet = Dequeue();
                woken.HasPacket = true;
                woken.IsActive = true;
                _active++;
            }
        }

        woken?.Wake();
    }

    /// <summary>
    /// Refuses further posts and wakes every waiter. Packets already queued are still handed out,
    /// so nothing posted before the close is lost.
    /// </summary>
    public void Close()
    {
        PortWaiter[] sleepers;
        lock (_gate)
        {
            if (_closed)
            {
                return;
            }

            _closed = true;
            sleepers = _waiters[.._waiterCount];
            Array.Clear(_waiters);
            _waiterCount = 0;
        }

        foreach (var sleeper in sleepers)
        {
            sleeper.Wake();
        }
    }

    private void Enqueue(in CompletionPacket packet)
    {
        if (_count == _ring.Length)
        {
            // Grows by doubling and never shrinks: the high-water mark is bounded by the number
            // of outstanding operations (at most a few per connection), not by traffic.
            var larger = new CompletionPacket[_ring.Length * 2];
            var firstPart = Math.Min(_count, _ring.Length - _head);
            Array.Copy(_ring, _head, larger, 0, firstPart);
            Array.Copy(_ring, 0, larger, firstPart, _count - firstPart);
            _ring = larger;
            _head = 0;
        }

        _ring[(_head + _count) % _ring.Length] = packet;
        Volatile.Write(ref _count, _count + 1);
    }

    private CompletionPacket Dequeue()
    {
        var packet = _ring[_head];
        _head = (_head + 1) % _ring.Length;
        Volatile.Write(ref _count, _count - 1);
        return packet;
    }

    private void PushWaiter(PortWaiter waiter)
    {
        if (_waiterCount == _waiters.Length)
        {
            Array.Resize(ref _waiters, _waiters.Length * 2);
        }

        _waiters[_waiterCount] = waiter;
        Volatile.Write(ref _waiterCount, _waiterCount + 1);
    }

    private void RemoveWaiter(PortWaiter waiter)
    {
        var index = Array.LastIndexOf(_waiters, waiter, _waiterCount - 1, _waiterCount);
        if (index < 0)
        {
            return;
        }

        Array.Copy(_waiters, index + 1, _waiters, index, _waiterCount - index - 1);
        _waiterCount--;
        _waiters[_waiterCount] = null!;
    }
}
