namespace IocpAdmin.Server.Engine;

/// <summary>
/// What the workers wait on and every source of completions posts to: the engine's completion
/// port. <see cref="CompletionPort"/> is the managed one; a kernel queue (an io_uring ring, a
/// Win32 I/O completion port) is another implementation with the same promises, paired with a
/// transport whose operations complete on it. Nothing else in the engine changes for a new one.
/// </summary>
/// <remarks>
/// The promises: at most <see cref="Concurrency"/> threads are released at once (a thread counts as
/// released from the dequeue that gave it a packet until its next call to dequeue); the thread that
/// waited last is woken first; every packet posted before <see cref="Close"/> is handed out. The
/// Win32 port leaves the first two to the kernel, whose seat is a thread and which releases another
/// thread while a released one blocks elsewhere (a lock, a blocking call): there more than
/// <see cref="Concurrency"/> threads may be counted as running, by the Windows design.
/// </remarks>
public interface ICompletionPort
{
    /// <summary>How many threads may run packets from this port at the same time.</summary>
    int Concurrency { get; }

    /// <summary>Packets posted and not yet dequeued.</summary>
    int QueueDepth { get; }

    /// <summary>Threads released by the port and still working on their packet.</summary>
    int ActiveCount { get; }

    /// <summary>Threads waiting in <see cref="TryDequeue"/> (on a kernel port, the one waiting in the kernel included).</summary>
    int WaitingCount { get; }

    /// <summary>Queues a packet, from any thread. False after <see cref="Close"/>.</summary>
    bool Post(in CompletionPacket packet);

    /// <summary>
    /// Ends the caller's previous packet (if any) and waits for the next one. <paramref name="waiter"/>
    /// is the calling thread's own seat, the same object on every call from that thread. False on
    /// timeout, or once the port is closed and no packet is left for this thread.
    /// </summary>
    bool TryDequeue(PortWaiter waiter, out CompletionPacket packet, int millisecondsTimeout = Timeout.Infinite);

    /// <summary>
    /// Ends the caller's previous packet without waiting for another: for a thread that leaves (a
    /// worker that read Stop), so its seat goes to a waiting thread. Without it a port with fewer
    /// seats than threads would keep the seat taken forever, and the next Stop would never be handed out.
    /// </summary>
    void Leave(PortWaiter waiter);

    /// <summary>Refuses further posts and wakes every waiter; packets already queued are still handed out.</summary>
    void Close();
}
