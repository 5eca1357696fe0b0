using System.Diagnostics;

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
    private readonly EntryQueue<Stamped<CompletionPacket>> _packets = new(1024);
    private readonly WaiterStack _waiters = new();
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
    public int QueueDepth => _packets.Count;

    /// <summary>Threads released by the port and still working on their packet.</summary>
    public int ActiveCount => Volatile.Read(ref _active);

    /// <summary>Threads asleep in <see cref="TryDequeue"/>.</summary>
    public int WaitingCount => _waiters.Count;

    /// <summary>Packets posted since the port was created.</summary>
    public long PostedCount => Volatile.Read(ref _posted);

    public bool IsClosed => Volatile.Read(ref _closed);

    /// <summary>
    /// Queues a packet, or hands it straight to the most recent waiter when fewer than
    /// <see cref="Concurrency"/> threads are released. Returns false after <see cref="Close"/>.
    /// </summary>
    public bool Post(in CompletionPacket packet)
    {
        var now = Stopwatch.GetTimestamp();
        PortWaiter? woken = null;
        lock (_gate)
        {
            if (_closed)
            {
                return false;
            }

            _posted++;
            if (_waiters.Count > 0 && _active < Concurrency)
            {
                woken = _waiters.Pop();
                woken.Packet = packet;
                woken.ReadyAt = now;
                woken.HasPacket = true;
                woken.IsActive = true;
                _active++;
            }
            else
            {
                _packets.Enqueue(new Stamped<CompletionPacket>(packet, now));
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

            if (_packets.Count > 0 && _active < Concurrency)
            {
                (packet, waiter.ReadyAt) = _packets.Dequeue();
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
            _waiters.Push(waiter);
        }

        if (!waiter.Wait(millisecondsTimeout))
        {
            lock (_gate)
            {
                if (!waiter.HasPacket)
                {
                    _waiters.Remove(waiter);
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
            if (_packets.Count > 0 && _waiters.Count > 0)
            {
                woken = _waiters.Pop();
                (woken.Packet, woken.ReadyAt) = _packets.Dequeue();
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
            sleepers = _waiters.TakeAll();
        }

        foreach (var sleeper in sleepers)
        {
            sleeper.Wake();
        }
    }
}
