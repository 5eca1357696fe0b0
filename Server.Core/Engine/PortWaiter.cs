namespace IocpAdmin.Server.Engine;

/// <summary>
/// A thread's seat at a completion port (<see cref="ICompletionPort"/>): where the managed
/// <see cref="CompletionPort"/> hands it a packet directly and wakes it, and what any port may key
/// per-thread state on. One per worker thread, reused for its whole life.
/// </summary>
public sealed class PortWaiter : IDisposable
{
    // Spinning briefly before sleeping pays when completions arrive microseconds apart, as they do
    // under load; 35 spins is ManualResetEventSlim's own default on multi-core machines.
    private readonly ManualResetEventSlim _signal = new(initialState: false, spinCount: 35);

    internal CompletionPacket Packet;

    /// <summary>
    /// When the packet handed to this thread became ready for a worker (posted, or reaped from the
    /// kernel), as a <see cref="System.Diagnostics.Stopwatch"/> timestamp; 0 when the port cannot tell.
    /// </summary>
    internal long ReadyAt;

    /// <summary>Set (under the port's lock) when a poster handed this waiter a packet.</summary>
    internal bool HasPacket;

    /// <summary>A kernel port's hand-off: a reaped event for this waiter to finish and run.</summary>
    internal Native.KernelEvent Event;

    internal bool HasEvent;

    /// <summary>A kernel port's hand-off: this waiter is to wait on the kernel queue for everyone.</summary>
    internal bool Lead;

    /// <summary>A port's own per-thread state (the Win32 port's batch of dequeued entries).</summary>
    internal object? PortState;

    /// <summary>True from the moment the port released this thread with a packet until it next calls the port.</summary>
    internal bool IsActive;

    internal void Wake() => _signal.Set();

    internal bool Wait(int millisecondsTimeout) => _signal.Wait(millisecondsTimeout);

    internal void Rearm() => _signal.Reset();

    public void Dispose() => _signal.Dispose();
}
