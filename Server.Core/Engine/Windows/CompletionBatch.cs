namespace IocpAdmin.Server.Engine.Windows;

/// <summary>
/// The entries one GetQueuedCompletionStatusEx call removed for one thread, run one at a time
/// before the thread waits again. Pinned (allocated on the pinned heap): the kernel writes into it.
/// </summary>
internal sealed class CompletionBatch(Win32Port owner, int capacity)
{
    public Win32Port Owner { get; } = owner;

    public Kernel32.OverlappedEntry[] Entries { get; } = GC.AllocateArray<Kernel32.OverlappedEntry>(capacity, pinned: true);

    /// <summary>The next entry to run.</summary>
    public int Next { get; set; }

    /// <summary>How many entries the last call removed.</summary>
    public int Count { get; set; }

    public int Remaining => Count - Next;

    /// <summary>When the kernel handed over these entries (what a worker's queue time starts from: the kernel does not say when each completed).</summary>
    public long ReapedAt { get; set; }
}
