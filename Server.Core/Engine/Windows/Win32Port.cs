using System.ComponentModel;
using System.Diagnostics;
using System.Runtime.Versioning;

namespace IocpAdmin.Server.Engine.Windows;

/// <summary>
/// The engine's port as a kernel I/O completion port: the design's own. Workers wait in
/// GetQueuedCompletionStatusEx, and the kernel does what <see cref="ICompletionPort"/> promises:
/// it releases at most <see cref="Concurrency"/> threads at once (the port's NumberOfConcurrentThreads)
/// and wakes the thread that waited last. Pipe instances are associated with it under their token
/// (<see cref="Targets"/>), so their overlapped I/O completes here with no runtime thread in between;
/// store commits, control packets and Stop are posted with PostQueuedCompletionStatus.
/// </summary>
/// <remarks>
/// The kernel's seat is a thread, not a <see cref="PortWaiter"/>: a thread that calls again has
/// ended its previous packet, and one that blocks elsewhere (a lock, a page fault) frees its seat for
/// another until it runs again. That is Windows' documented design; the managed port is stricter.
/// </remarks>
[SupportedOSPlatform("windows")]
internal sealed unsafe class Win32Port : ICompletionPort, IDisposable
{
    /// <summary>
    /// Entries one wait may remove. One call then runs up to this many completions (as many steps
    /// as a session runs inline, <c>ClientSession.MaxInlineSteps</c>); more would keep ready
    /// entries from a thread that is idle meanwhile.
    /// </summary>
    public const int BatchSize = 16;

    // A posted packet travels as (bytes, key, "overlapped"): the overlapped is a tag with the low bit
    // set, which no real OVERLAPPED address has (they are pointer-aligned), carrying kind and error.
    private const nint PostedTag = 1;
    private const nint CloseTag = PostedTag | (1 << 20);

    // How long a disposing port waits for the cancelled operations of the instances still open to
    // come back through it. A cancelled pipe operation completes within microseconds; this bounds a stop.
    private static readonly TimeSpan s_cancelGrace = TimeSpan.FromSeconds(2);

    // Guarded: the store's writer thread, the accept back-off timer and the monitor may still post
    // or ask for the depth while the port closes; a raw handle value could by then name another object.
    private readonly Win32Handle _handle;
    private int _active;
    private int _waiting;
    private int _taken;
    private int _closed;
    private int _disposed;

    private Win32Port(nint handle, int concurrency)
    {
        _handle = new Win32Handle(handle);
        Concurrency = concurrency;
    }

    public int Concurrency { get; }

    /// <summary>Packets in the kernel's queue, plus those threads removed in a batch and have not run yet.</summary>
    public int QueueDepth
    {
        get
        {
            var depth = 0;
            if (_handle.TryBeginUse(out var port))
            {
                try
                {
                    // IoCompletionBasicInformation (class 0): one LONG, the queue's depth.
                    if (Kernel32.NtQueryIoCompletion(port, 0, &depth, sizeof(int), null) != 0)
                    {
                        depth = 0;
                    }
                }
                finally
                {
                    _handle.EndUse();
                }
            }

            // After Close the handed-on close entry sits in the queue: it is not work.
            return Math.Max(0, depth - (Volatile.Read(ref _closed) != 0 ? 1 : 0)) + Volatile.Read(ref _taken);
        }
    }

    public int ActiveCount => Volatile.Read(ref _active);

    public int WaitingCount => Volatile.Read(ref _waiting);

    /// <summary>The pipe instances whose completion keys are their tokens here.</summary>
    public TargetTable<IWin32Target> Targets { get; } = new();

    /// <summary>Associates a pipe instance with this port under <paramref name="key"/>; false (with the error) if Windows refuses or the port is closed.</summary>
    internal bool Associate(nint file, ulong key, out int error)
    {
        error = Kernel32.ErrorInvalidHandle;
        if (!_handle.TryBeginUse(out var port))
        {
            return false;
        }

        try
        {
            var associated = Kernel32.CreateIoCompletionPort(file, port, (nuint)key, 0) != 0;
            error = associated ? 0 : Kernel32.LastError;
            return associated;
        }
        finally
        {
            _handle.EndUse();
        }
    }

    /// <summary>Creates the port, or says why Windows refused.</summary>
    public static Win32Port? TryCreate(int concurrency, out string? reason)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(concurrency, 1);
        if (!OperatingSystem.IsWindows())
        {
            reason = "it needs Windows (a kernel I/O completion port)";
            return null;
        }

        if (!Environment.Is64BitProcess)
        {
            // Completion keys carry 64-bit tokens (slot and generation); a 32-bit key would lose the generation.
            reason = "it needs a 64-bit process";
            return null;
        }

        var handle = Kernel32.CreateIoCompletionPort(Kernel32.InvalidHandle, 0, 0, (uint)concurrency);
        if (handle == 0)
        {
            reason = $"CreateIoCompletionPort failed: {new Win32Exception(Kernel32.LastError).Message}";
            return null;
        }

        reason = null;
        return new Win32Port(handle, concurrency);
    }

    public bool Post(in CompletionPacket packet)
    {
        if (Volatile.Read(ref _closed) != 0)
        {
            return false;
        }

        var tag = PostedTag | ((nint)packet.Kind << 1) | ((nint)packet.Error << 9);
        return PostRaw((uint)packet.Bytes, packet.Key, tag);
    }

    public bool TryDequeue(PortWaiter waiter, out CompletionPacket packet, int millisecondsTimeout = Timeout.Infinite)
    {
        ArgumentNullException.ThrowIfNull(waiter);
        var batch = BatchOf(waiter);
        EndPacket(waiter);
        var deadline = millisecondsTimeout == Timeout.Infinite ? long.MaxValue : Environment.TickCount64 + millisecondsTimeout;
        while (true)
        {
            while (batch.Remaining > 0)
            {
                ref var entry = ref batch.Entries[batch.Next++];
                Interlocked.Decrement(ref _taken);
                if (entry.Overlapped == (NativeOverlapped*)CloseTag)
                {
                    // Everything posted before the close was queued ahead of this: hand the close on
                    // to the next waiter (and whatever this batch still holds), and stop.
                    Repost(batch);
                    PostRaw(0, 0, CloseTag);
                    packet = default;
                    return false;
                }

                if (TryTranslate(entry, out packet))
                {
                    waiter.ReadyAt = batch.ReapedAt;
                    waiter.IsActive = true;
                    Interlocked.Increment(ref _active);
                    return true;
                }
            }

            var remaining = deadline == long.MaxValue ? Timeout.Infinite : (int)Math.Max(0, deadline - Environment.TickCount64);
            if (!Wait(batch, remaining))
            {
                packet = default;
                return false;
            }
        }
    }

    public void Leave(PortWaiter waiter)
    {
        ArgumentNullException.ThrowIfNull(waiter);
        EndPacket(waiter);
        if (waiter.PortState is CompletionBatch batch && batch.Owner == this)
        {
            // A leaving thread's batch would never run: give it back to the port.
            Repost(batch);
        }
    }

    public void Close()
    {
        if (Interlocked.Exchange(ref _closed, 1) == 0)
        {
            // Queued behind every packet posted so far, so those are still handed out first.
            PostRaw(0, 0, CloseTag);
        }
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        Close();
        // The workers are gone. The instances still open cancel what they have in the kernel, and
        // the port is emptied here until their cancellations come back, so each releases its
        // OVERLAPPEDs and buffers from its own completion, as it would on a worker. What has not
        // come back by the deadline is left to the kernel: closed, never freed.
        var open = Targets.Snapshot();
        foreach (var target in open)
        {
            target.OnPortClosed();
        }

        var deadline = Environment.TickCount64 + (long)s_cancelGrace.TotalMilliseconds;
        var batch = new CompletionBatch(this, BatchSize);
        while (Targets.Count > 0 && Environment.TickCount64 < deadline && Wait(batch, 50))
        {
            while (batch.Remaining > 0)
            {
                ref var entry = ref batch.Entries[batch.Next++];
                Interlocked.Decrement(ref _taken);
                if (((nint)entry.Overlapped & PostedTag) == 0 && Targets.Find(entry.CompletionKey) is { } target)
                {
                    target.OnCompletion(entry.Overlapped, out _);
                }
            }
        }

        foreach (var target in Targets.Snapshot())
        {
            target.Abandon();
        }

        _handle.Dispose();
    }

    private CompletionBatch BatchOf(PortWaiter waiter)
    {
        if (waiter.PortState is CompletionBatch batch && batch.Owner == this)
        {
            return batch;
        }

        batch = new CompletionBatch(this, BatchSize);
        waiter.PortState = batch;
        return batch;
    }

    private void EndPacket(PortWaiter waiter)
    {
        if (waiter.IsActive)
        {
            waiter.IsActive = false;
            Interlocked.Decrement(ref _active);
        }
    }

    /// <summary>Waits in the kernel for the next batch; false on timeout or once the port's handle is closed.</summary>
    private bool Wait(CompletionBatch batch, int millisecondsTimeout)
    {
        uint removed = 0;
        bool ok;
        Interlocked.Increment(ref _waiting);
        var error = Kernel32.ErrorInvalidHandle;
        if (_handle.TryBeginUse(out var port))
        {
            try
            {
                fixed (Kernel32.OverlappedEntry* entries = batch.Entries)
                {
                    ok = Kernel32.GetQueuedCompletionStatusEx(port, entries, (uint)batch.Entries.Length, &removed, unchecked((uint)millisecondsTimeout), false);
                }

                error = ok ? 0 : Kernel32.LastError;
            }
            finally
            {
                _handle.EndUse();
            }
        }
        else
        {
            ok = false;
        }

        Interlocked.Decrement(ref _waiting);
        if (!ok)
        {
            return error switch
            {
                Kernel32.WaitTimeout => false,
                // The handle was closed under a waiter (Dispose after the workers left): nothing more comes.
                Kernel32.ErrorAbandonedWait0 or Kernel32.ErrorInvalidHandle => false,
                _ => throw new Win32Exception(error, "GetQueuedCompletionStatusEx failed"),
            };
        }

        Interlocked.Add(ref _taken, (int)removed);
        batch.ReapedAt = Stopwatch.GetTimestamp();
        batch.Next = 0;
        batch.Count = (int)removed;
        return true;
    }

    /// <summary>Turns a kernel entry into the packet a worker runs; false when it carries nothing to run.</summary>
    private bool TryTranslate(in Kernel32.OverlappedEntry entry, out CompletionPacket packet)
    {
        var overlapped = (nint)entry.Overlapped;
        if ((overlapped & PostedTag) != 0)
        {
            packet = new CompletionPacket(entry.CompletionKey, (CompletionKind)((overlapped >> 1) & 0xFF),
                (IoErrorKind)((overlapped >> 9) & 0xFF), (int)entry.BytesTransferred);
            return true;
        }

        // An I/O completion: its key is the instance's token. An instance releases itself only once
        // its last operation has completed, so a live token always finds it.
        if (Targets.Find(entry.CompletionKey) is { } target)
        {
            return target.OnCompletion(entry.Overlapped, out packet);
        }

        packet = default;
        return false;
    }

    /// <summary>Posts back what <paramref name="batch"/> has not run. An I/O entry's status lives in its OVERLAPPED, so it survives the trip.</summary>
    private void Repost(CompletionBatch batch)
    {
        while (batch.Remaining > 0)
        {
            ref var entry = ref batch.Entries[batch.Next++];
            Interlocked.Decrement(ref _taken);
            PostRaw(entry.BytesTransferred, entry.CompletionKey, (nint)entry.Overlapped);
        }
    }

    /// <summary>One PostQueuedCompletionStatus; false once the port's handle is closed.</summary>
    private bool PostRaw(uint bytes, ulong key, nint overlapped)
    {
        if (!_handle.TryBeginUse(out var port))
        {
            return false;
        }

        try
        {
            if (!Kernel32.PostQueuedCompletionStatus(port, bytes, (nuint)key, overlapped))
            {
                // With the handle open only exhausted kernel memory fails a post; a packet lost here
                // would leave a session waiting forever for its commit.
                Environment.FailFast($"PostQueuedCompletionStatus failed: {new Win32Exception(Kernel32.LastError).Message}");
            }

            return true;
        }
        finally
        {
            _handle.EndUse();
        }
    }
}
