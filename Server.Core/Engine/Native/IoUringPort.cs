using System.Numerics;

namespace IocpAdmin.Server.Engine.Native;

/// <summary>
/// The engine's port on an io_uring instance: workers submit accepts, receives, sends and polls
/// as submission entries and wait for completions in io_uring_enter themselves. Everything a worker
/// queued while running goes to the kernel in its next io_uring_enter (for the leader, the same
/// call that waits), not one call per operation.
/// </summary>
internal sealed unsafe class IoUringPort : KernelPort
{
    // 1,024 entries let a worker queue that many operations between two io_uring_enter calls; the
    // ring is full only if every session of a large burst queued at once, and then it is flushed.
    private const uint SubmissionEntries = 1024;

    private readonly IoUring _ring;
    private readonly Lock _submitGate = new();
    private readonly KernelEvent[] _reaped = new KernelEvent[256];

    private long _bufferShortfalls;

    private IoUringPort(int concurrency, IoUring ring, int providedBuffers)
        : base(concurrency)
    {
        _ring = ring;
        Buffers = ProvidedBuffers.TryRegister(ring, providedBuffers);
    }

    /// <summary>Waiting receives that found every provided buffer lent and waited with a poll instead.</summary>
    public long BufferShortfalls => Interlocked.Read(ref _bufferShortfalls);

    /// <summary>The receive buffers the kernel picks from; null on kernels without buffer rings (waits then poll).</summary>
    public ProvidedBuffers? Buffers { get; }

    /// <summary>A port on a new ring, or null with the reason this kernel or process cannot have one.</summary>
    public static IoUringPort? TryCreate(int concurrency, int maxClients, out string? reason, int providedBuffers = ProvidedBuffers.DefaultCount)
    {
        // At most one operation per connection is outstanding, plus the accept and wake-ups: a
        // completion ring that holds them all never overflows into the kernel's (slower) backlog.
        var completions = BitOperations.RoundUpToPowerOf2((uint)Math.Clamp(maxClients + 1024, 2048, 65536));
        var ring = IoUring.TryCreate(SubmissionEntries, completions, out reason);
        return ring is null ? null : new IoUringPort(concurrency, ring, providedBuffers);
    }

    protected override int KernelBacklog => (int)_ring.ReadyCount;

    protected override bool HasUnsubmitted => _ring.Unsubmitted > 0;

    internal void CountShortfall() => Interlocked.Increment(ref _bufferShortfalls);

    /// <summary>Queues one operation; it reaches the kernel at this thread's next io_uring_enter.</summary>
    public void Queue(in IoUring.Sqe entry)
    {
        lock (_submitGate)
        {
            while (!_ring.TryQueue(entry))
            {
                // Full: hand what is queued to the kernel now. Rare (see SubmissionEntries). EBUSY:
                // the completion queue is full too; reap it here (lock order: submit, then port),
                // since this may be the only worker.
                if (_ring.Enter(_ring.Unsubmitted, 0) == -16)
                {
                    ReapNow();
                }
            }
        }
    }

    /// <summary>Queues one operation and submits it at once: for threads that are not workers.</summary>
    public void QueueAndSubmit(in IoUring.Sqe entry)
    {
        Queue(entry);
        _ring.Enter(_ring.Unsubmitted, 0);
    }

    protected override int WaitForReady(Span<KernelEvent> batch, int millisecondsTimeout)
    {
        // Reaped under the lock in ReapReady; here only submit and wait.
        if (_ring.HasCompletions)
        {
            FlushSubmissions();
            return 0;
        }

        _ring.Enter(_ring.Unsubmitted, 1, millisecondsTimeout);
        return 0;
    }

    protected override void ReapReady()
    {
        int count;
        while ((count = _ring.Reap(_reaped)) > 0)
        {
            for (var i = 0; i < count; i++)
            {
                Enqueue(_reaped[i]);
            }
        }
    }

    // Submits whatever workers have queued too (the ring is FIFO): the caller, maybe the store's
    // writer, then becomes those operations' submitter and the kernel runs their completion work on
    // it. Deferring the wake-up to the workers instead can lose it (a co-waiter's io_uring_enter may
    // read the tail just before it), so it is accepted; a doorbell ring (IORING_OP_MSG_RING) would
    // wake the leader without submitting anything of theirs.
    protected override void Interrupt() =>
        QueueAndSubmit(new IoUring.Sqe { Opcode = IoUring.OpNop });

    protected override void FlushSubmissions()
    {
        if (_ring.Unsubmitted > 0)
        {
            _ring.Enter(_ring.Unsubmitted, 0);
        }
    }

    protected override void DisposeKernelQueue() => _ring.Dispose();

    protected override void OnTargetsClosed(bool operationsWereInFlight)
    {
        // A receive still in the kernel may yet write into a provided buffer while the ring's
        // teardown cancels it: then the buffers are left to the process's end (2 MB, only after a
        // stop that found a client stuck mid-operation).
        if (!operationsWereInFlight)
        {
            Buffers?.Dispose();
        }
    }
}
