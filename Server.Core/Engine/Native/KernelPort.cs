using System.Diagnostics;

namespace IocpAdmin.Server.Engine.Native;

/// <summary>
/// A completion port whose workers wait on a kernel queue themselves (an io_uring completion ring,
/// an epoll set), with the promises of <see cref="ICompletionPort"/>. One waiting worker at a time
/// is the <em>leader</em>: it blocks in the kernel (io_uring_enter, epoll_wait), reaps every ready
/// event in that one call, keeps one to run and hands the rest to sleeping workers, the most recent
/// sleeper first, while fewer than <see cref="Concurrency"/> run; another sleeper takes over the
/// wait (leader/followers, Schmidt et al., as Win32 does inside GetQueuedCompletionStatus). Packets
/// posted from other threads (store commits, control) queue here and interrupt a waiting leader.
/// </summary>
internal abstract class KernelPort : ICompletionPort, IDisposable
{
    private readonly Lock _gate = new();
    private readonly EntryQueue<Stamped<CompletionPacket>> _packets = new(256);
    private readonly EntryQueue<Stamped<KernelEvent>> _events = new(1024);
    private readonly KernelEvent[] _leaderBatch = new KernelEvent[256];
    private readonly WaiterStack _waiters = new();
    private int _active;
    private bool _closed;
    private bool _leading;
    private bool _leaderWaiting;
    private int _coWaiters;
    private bool _interruptSent;
    private int _disposed;

    protected KernelPort(int concurrency)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(concurrency, 1);
        Concurrency = concurrency;
    }

    private enum Step
    {
        Packet,
        Event,
        Lead,
        CoWait,
        Sleep,
        Closed,
        TimedOut,
    }

    public int Concurrency { get; }

    public int QueueDepth => _packets.Count + _events.Count + KernelBacklog;

    public int ActiveCount => Volatile.Read(ref _active);

    public int WaitingCount => _waiters.Count + (Volatile.Read(ref _leaderWaiting) ? 1 : 0) + Volatile.Read(ref _coWaiters);

    /// <summary>Who the tokens of this port's events name.</summary>
    public TargetTable<INativeTarget> Targets { get; } = new();

    /// <summary>Events ready in the kernel and not yet reaped, where a memory read tells (io_uring).</summary>
    protected virtual int KernelBacklog => 0;

    /// <summary>
    /// Operations queued and not yet handed to the kernel (io_uring). A worker that hands them over
    /// then waits in the kernel beside the leader instead of on its own event: the kernel runs the
    /// completion work of an operation on the thread that submitted it, and waking that thread in
    /// its kernel wait is one wake-up on the request's path instead of two.
    /// </summary>
    protected virtual bool HasUnsubmitted => false;

    private bool InKernel => _leaderWaiting || _coWaiters > 0;

    public bool Post(in CompletionPacket packet)
    {
        var now = Stopwatch.GetTimestamp();
        PortWaiter? woken = null;
        var interrupt = false;
        lock (_gate)
        {
            if (_closed)
            {
                return false;
            }

            if (_waiters.Count > 0 && _active < Concurrency)
            {
                woken = _waiters.Pop();
                woken.Packet = packet;
                woken.ReadyAt = now;
                woken.HasPacket = true;
                Activate(woken);
            }
            else
            {
                _packets.Enqueue(new Stamped<CompletionPacket>(packet, now));
                if (InKernel && !_interruptSent && _active < Concurrency)
                {
                    _interruptSent = interrupt = true;
                }
            }
        }

        woken?.Wake();
        if (interrupt)
        {
            Interrupt();
        }

        return true;
    }

    public bool TryDequeue(PortWaiter waiter, out CompletionPacket packet, int millisecondsTimeout = Timeout.Infinite)
    {
        ArgumentNullException.ThrowIfNull(waiter);
        var deadline = millisecondsTimeout == Timeout.Infinite ? long.MaxValue : Environment.TickCount64 + millisecondsTimeout;
        while (true)
        {
            var remaining = deadline == long.MaxValue ? Timeout.Infinite : (int)Math.Max(0, deadline - Environment.TickCount64);
            var step = Next(waiter, remaining, out packet, out var kernelEvent, out var successor, out var interrupt);
            successor?.Wake();
            if (interrupt)
            {
                Interrupt();
            }

            switch (step)
            {
                case Step.Packet:
                    return true;
                case Step.Event:
                    if (TryFinish(kernelEvent, out packet))
                    {
                        return true;
                    }

                    continue;
                case Step.Lead:
                    Lead(remaining);
                    continue;
                case Step.CoWait:
                    WaitForReady(default, remaining);
                    lock (_gate)
                    {
                        _coWaiters--;
                    }

                    continue;
                case Step.Sleep:
                    switch (Sleep(waiter, remaining, out packet, out kernelEvent))
                    {
                        case Step.Packet:
                            return true;
                        case Step.Event when TryFinish(kernelEvent, out packet):
                            return true;
                        case Step.Lead:
                            Lead(remaining);
                            break;
                        case Step.TimedOut:
                            return false;
                    }

                    continue;
                default:
                    packet = default;
                    return false;
            }
        }
    }

    public void Leave(PortWaiter waiter)
    {
        ArgumentNullException.ThrowIfNull(waiter);
        PortWaiter? successor;
        bool interrupt;
        lock (_gate)
        {
            if (!waiter.IsActive)
            {
                return;
            }

            waiter.IsActive = false;
            _active--;
            successor = PromoteOne(out interrupt);
        }

        successor?.Wake();
        if (interrupt)
        {
            Interrupt();
        }
    }

    public void Close()
    {
        PortWaiter[] sleepers;
        bool interrupt;
        lock (_gate)
        {
            if (_closed)
            {
                return;
            }

            _closed = true;
            sleepers = _waiters.TakeAll();
            interrupt = InKernel;
        }

        foreach (var sleeper in sleepers)
        {
            sleeper.Wake();
        }

        if (interrupt)
        {
            Interrupt();
        }
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        Close();
        // The kernel queue first: after that no completion can arrive, and a target with an
        // operation still in the kernel knows not to free what that operation may still touch.
        DisposeKernelQueue();
        var inFlight = false;
        foreach (var target in Targets.Snapshot())
        {
            inFlight |= target.OnPortClosed();
        }

        OnTargetsClosed(inFlight);
    }

    /// <summary>
    /// The leader's wait, outside the port's lock: submits what is queued, blocks until at least one
    /// event is ready (or <see cref="Interrupt"/>, or the timeout), and returns how many it copied
    /// into <paramref name="batch"/> (a source that reaps under the lock, in <see cref="ReapReady"/>, returns 0).
    /// </summary>
    protected abstract int WaitForReady(Span<KernelEvent> batch, int millisecondsTimeout);

    /// <summary>Under the port's lock, without blocking: moves ready events into the port (io_uring reads its ring).</summary>
    protected virtual void ReapReady()
    {
    }

    /// <summary>Reaps what is ready now, under the port's lock: for a submitter that must make room in a full completion queue.</summary>
    protected void ReapNow()
    {
        lock (_gate)
        {
            ReapReady();
        }
    }

    /// <summary>Called by <see cref="ReapReady"/> for each event it moves.</summary>
    protected void Enqueue(in KernelEvent kernelEvent)
    {
        if (kernelEvent.Token == 0)
        {
            // A wake-up (or a cancel's own completion) reaped here, maybe by a worker other than the
            // leader, which may then have gone to sleep in the kernel without it: the next post must
            // send a fresh one. It carries nothing to run, so it is not queued.
            _interruptSent = false;
            return;
        }

        _events.Enqueue(new Stamped<KernelEvent>(kernelEvent, Stopwatch.GetTimestamp()));
    }

    /// <summary>Makes a leader blocked in <see cref="WaitForReady"/> return; from any thread.</summary>
    protected abstract void Interrupt();

    /// <summary>Hands operations queued by this thread to the kernel before it sleeps (io_uring); from any thread.</summary>
    protected virtual void FlushSubmissions()
    {
    }

    protected abstract void DisposeKernelQueue();

    /// <summary>After every target was told the queue closed; <paramref name="operationsWereInFlight"/> if any still had one in the kernel.</summary>
    protected virtual void OnTargetsClosed(bool operationsWereInFlight)
    {
    }

    private Step Next(PortWaiter waiter, int remaining, out CompletionPacket packet, out KernelEvent kernelEvent, out PortWaiter? successor, out bool interrupt)
    {
        packet = default;
        kernelEvent = default;
        successor = null;
        interrupt = false;
        lock (_gate)
        {
            if (waiter.IsActive)
            {
                waiter.IsActive = false;
                _active--;
            }

            ReapReady();
            if (_active < Concurrency)
            {
                if (_packets.Count > 0)
                {
                    (packet, waiter.ReadyAt) = _packets.Dequeue();
                    Activate(waiter);
                    successor = PromoteOne(out interrupt);
                    return Step.Packet;
                }

                if (_events.Count > 0)
                {
                    (kernelEvent, waiter.ReadyAt) = _events.Dequeue();
                    Activate(waiter);
                    successor = PromoteOne(out interrupt);
                    return Step.Event;
                }
            }

            if (_closed)
            {
                return Step.Closed;
            }

            if (remaining == 0)
            {
                return Step.TimedOut;
            }

            if (_active < Concurrency && !_leading)
            {
                _leading = _leaderWaiting = true;
                return Step.Lead;
            }

            if (_active < Concurrency && HasUnsubmitted)
            {
                _coWaiters++;
                return Step.CoWait;
            }

            waiter.HasPacket = waiter.HasEvent = waiter.Lead = false;
            waiter.Rearm();
            _waiters.Push(waiter);
            return Step.Sleep;
        }
    }

    private void Lead(int remaining)
    {
        var count = WaitForReady(_leaderBatch, remaining);
        var now = Stopwatch.GetTimestamp();
        lock (_gate)
        {
            _leading = _leaderWaiting = _interruptSent = false;
            for (var i = 0; i < count; i++)
            {
                _events.Enqueue(new Stamped<KernelEvent>(_leaderBatch[i], now));
            }
        }
    }

    private Step Sleep(PortWaiter waiter, int remaining, out CompletionPacket packet, out KernelEvent kernelEvent)
    {
        // A leader blocked in the kernel only sees what was submitted: this thread's own operations
        // must reach the kernel before it stops running.
        FlushSubmissions();
        if (!waiter.Wait(remaining))
        {
            lock (_gate)
            {
                if (!waiter.HasPacket && !waiter.HasEvent && !waiter.Lead)
                {
                    _waiters.Remove(waiter);
                    packet = default;
                    kernelEvent = default;
                    return Step.TimedOut;
                }
            }

            // Chosen just as the wait timed out: the wake-up is on its way.
            waiter.Wait(Timeout.Infinite);
        }

        PortWaiter? successor;
        Step step;
        var interrupt = false;
        lock (_gate)
        {
            packet = waiter.Packet;
            kernelEvent = waiter.Event;
            step = waiter.HasPacket ? Step.Packet : waiter.HasEvent ? Step.Event : waiter.Lead ? Step.Lead : Step.Closed;
            waiter.HasPacket = waiter.HasEvent = waiter.Lead = false;
            // Chain the wake-ups: a woken worker wakes at most one more, so no thread wakes many
            // while holding the lock.
            successor = step is Step.Packet or Step.Event ? PromoteOne(out interrupt) : null;
        }

        successor?.Wake();
        if (interrupt)
        {
            Interrupt();
        }

        return step;
    }

    /// <summary>
    /// Under the lock, after the caller took an entry: gives the most recent sleeper the next entry,
    /// or the leader's role if nobody waits on the kernel. With entries left, a free seat and nobody
    /// asleep to take them, the leader blocked in the kernel is to be interrupted
    /// (<paramref name="interruptLeader"/>): this thread may have reaped the very wake-up sent for
    /// them, and the leader, entering its wait just after, would otherwise sleep beside them.
    /// </summary>
    private PortWaiter? PromoteOne(out bool interruptLeader)
    {
        interruptLeader = false;
        var pending = _packets.Count + _events.Count;
        if (_waiters.Count == 0 || _active >= Concurrency)
        {
            if (pending > 0 && _active < Concurrency && InKernel && !_interruptSent)
            {
                _interruptSent = interruptLeader = true;
            }

            return null;
        }

        if (_packets.Count > 0)
        {
            var woken = _waiters.Pop();
            (woken.Packet, woken.ReadyAt) = _packets.Dequeue();
            woken.HasPacket = true;
            Activate(woken);
            return woken;
        }

        if (_events.Count > 0)
        {
            var woken = _waiters.Pop();
            (woken.Event, woken.ReadyAt) = _events.Dequeue();
            woken.HasEvent = true;
            Activate(woken);
            return woken;
        }

        if (!_leading && !_closed)
        {
            var woken = _waiters.Pop();
            woken.Lead = true;
            _leading = _leaderWaiting = true;
            return woken;
        }

        return null;
    }

    private bool TryFinish(in KernelEvent kernelEvent, out CompletionPacket packet)
    {
        if (kernelEvent.Token != 0 && Targets.Find(kernelEvent.Token) is { } target)
        {
            return target.OnEvent(kernelEvent, out packet);
        }

        // A wake-up, a cancel's own completion, or an event for a target already gone.
        packet = default;
        return false;
    }

    private void Activate(PortWaiter waiter)
    {
        waiter.IsActive = true;
        _active++;
    }
}
