using System.Runtime.InteropServices;

namespace IocpAdmin.Server.Engine.Native;

/// <summary>
/// One io_uring instance: its submission and completion rings mapped into this process. The ring
/// itself is not thread-safe; <see cref="IoUringPort"/> serialises every use of it.
/// </summary>
/// <remarks>
/// Layouts are the kernel's uapi (include/uapi/linux/io_uring.h), unchanged since 5.1 for what is
/// used here; syscall numbers 425–427 are the same on every architecture.
/// </remarks>
internal sealed unsafe class IoUring : IDisposable
{
    public const byte OpNop = 0;
    public const byte OpPollAdd = 6;
    public const byte OpAccept = 13;
    public const byte OpAsyncCancel = 14;
    public const byte OpSend = 26;
    public const byte OpRecv = 27;

    /// <summary>IOSQE_BUFFER_SELECT: the kernel picks the buffer from the group in <see cref="Sqe.BufferIndex"/>.</summary>
    public const byte SqeBufferSelect = 1 << 5;

    /// <summary>IORING_CQE_F_BUFFER: the completion's flags carry the chosen buffer's id in their high 16 bits.</summary>
    public const uint CqeBuffer = 1;

    private const long SysSetup = 425;
    private const long SysEnter = 426;
    private const long SysRegister = 427;
    private const uint EnterGetEvents = 1;
    private const uint EnterExtArg = 8;
    private const uint SetupCqSize = 1 << 3;
    private const uint SetupClamp = 1 << 4;
    private const uint FeatSingleMmap = 1;
    private const uint FeatNoDrop = 1 << 1;
    private const uint FeatFastPoll = 1 << 5;
    private const uint FeatExtArg = 1 << 8;
    private const uint RegisterProbe = 8;
    private const uint RegisterPbufRing = 22;
    private const ushort ProbeOpSupported = 1;
    private const long OffSqRing = 0;
    private const long OffCqRing = 0x8000000;
    private const long OffSqes = 0x10000000;
    private const int ProtRead = 1;
    private const int ProtWrite = 2;
    private const int MapShared = 1;
    private const int MapPopulate = 0x8000;

    private readonly int _fd;
    private readonly void* _rings;
    private readonly nuint _ringsSize;
    private readonly Sqe* _sqes;
    private readonly nuint _sqesSize;
    private readonly uint* _sqHead;
    private readonly uint* _sqTail;
    private readonly uint _sqMask;
    private readonly uint* _sqArray;
    private readonly uint* _cqHead;
    private readonly uint* _cqTail;
    private readonly uint _cqMask;
    private readonly Cqe* _cqes;
    private uint _sqLocalTail;
    private int _disposed;

    private IoUring(int fd, in Params p, void* rings, nuint ringsSize, Sqe* sqes, nuint sqesSize)
    {
        _fd = fd;
        _rings = rings;
        _ringsSize = ringsSize;
        _sqes = sqes;
        _sqesSize = sqesSize;
        var bytes = (byte*)rings;
        _sqHead = (uint*)(bytes + p.SqOff.Head);
        _sqTail = (uint*)(bytes + p.SqOff.Tail);
        _sqMask = *(uint*)(bytes + p.SqOff.RingMask);
        _sqArray = (uint*)(bytes + p.SqOff.Array);
        _cqHead = (uint*)(bytes + p.CqOff.Head);
        _cqTail = (uint*)(bytes + p.CqOff.Tail);
        _cqMask = *(uint*)(bytes + p.CqOff.RingMask);
        _cqes = (Cqe*)(bytes + p.CqOff.Cqes);
        SqEntries = p.SqEntries;
        CqEntries = p.CqEntries;
        _sqLocalTail = *_sqTail;
    }

    public uint SqEntries { get; }

    public uint CqEntries { get; }

    /// <summary>Entries written and not yet handed to the kernel by <see cref="Enter"/>.</summary>
    public uint Unsubmitted => _sqLocalTail - Volatile.Read(ref *_sqHead);

    /// <summary>
    /// Creates a ring, or says in <paramref name="reason"/> why this kernel or process cannot have one
    /// (io_uring disabled by sysctl or a seccomp profile, a kernel without the opcodes used here).
    /// </summary>
    public static IoUring? TryCreate(uint entries, uint cqEntries, out string? reason)
    {
        if (!OperatingSystem.IsLinux())
        {
            reason = "io_uring exists only on Linux";
            return null;
        }

        var p = new Params { Flags = SetupCqSize | SetupClamp, CqEntries = cqEntries };
        var fd = (int)Libc.syscall(SysSetup, entries, (long)&p, 0, 0, 0, 0);
        if (fd < 0)
        {
            var errno = Libc.LastError;
            reason = errno switch
            {
                Libc.ENOSYS => "io_uring_setup is not available (ENOSYS: the kernel is older than 5.1 or built without io_uring)",
                Libc.EPERM => "io_uring_setup was refused (EPERM: kernel.io_uring_disabled, or a seccomp profile, forbids it)",
                _ => $"io_uring_setup failed: {Marshal.GetPInvokeErrorMessage(errno)} (errno {errno})",
            };
            return null;
        }

        // FAST_POLL: a receive or send that must wait is armed on the socket's poll, not parked on a
        // kernel worker thread each; EXT_ARG: waits with a timeout. Both 5.11.
        const uint Needed = FeatSingleMmap | FeatNoDrop | FeatFastPoll | FeatExtArg;
        if ((p.Features & Needed) != Needed)
        {
            Libc.close(fd);
            reason = "the kernel's io_uring lacks IORING_FEAT_FAST_POLL or IORING_FEAT_EXT_ARG (needs Linux 5.11 or later)";
            return null;
        }

        var ringsSize = (nuint)Math.Max(p.SqOff.Array + (p.SqEntries * 4), p.CqOff.Cqes + (p.CqEntries * (uint)sizeof(Cqe)));
        var rings = Libc.mmap(null, ringsSize, ProtRead | ProtWrite, MapShared | MapPopulate, fd, OffSqRing);
        var sqesSize = (nuint)(p.SqEntries * (uint)sizeof(Sqe));
        var sqes = rings == (void*)-1 ? (void*)-1 : Libc.mmap(null, sqesSize, ProtRead | ProtWrite, MapShared | MapPopulate, fd, OffSqes);
        if (rings == (void*)-1 || sqes == (void*)-1)
        {
            var errno = Libc.LastError;
            if (rings != (void*)-1)
            {
                Libc.munmap(rings, ringsSize);
            }

            Libc.close(fd);
            reason = $"mapping the io_uring rings failed: {Marshal.GetPInvokeErrorMessage(errno)} (errno {errno})";
            return null;
        }

        var ring = new IoUring(fd, p, rings, ringsSize, (Sqe*)sqes, sqesSize);
        if (!ring.SupportsOpcodes(out reason, OpNop, OpPollAdd, OpAccept, OpAsyncCancel, OpSend, OpRecv))
        {
            ring.Dispose();
            return null;
        }

        reason = null;
        return ring;
    }

    /// <summary>Writes <paramref name="entry"/> into the submission ring; false when it is full (call <see cref="Enter"/> first).</summary>
    public bool TryQueue(in Sqe entry)
    {
        var head = Volatile.Read(ref *_sqHead);
        if (_sqLocalTail - head >= SqEntries)
        {
            return false;
        }

        var index = _sqLocalTail & _sqMask;
        _sqes[index] = entry;
        _sqArray[index] = index;
        _sqLocalTail++;
        // Publish the filled entry: the kernel reads the tail with acquire semantics, possibly in
        // another thread's io_uring_enter running right now.
        Volatile.Write(ref *_sqTail, _sqLocalTail);
        return true;
    }

    /// <summary>
    /// io_uring_enter: submits what is written and, with <paramref name="minComplete"/> above 0, waits
    /// until that many completions are ready or <paramref name="millisecondsTimeout"/> passes. Returns 0
    /// or a negative errno (EINTR, ETIME, EAGAIN, EBUSY: the caller looks at the ring and goes on).
    /// </summary>
    public int Enter(uint toSubmit, uint minComplete, int millisecondsTimeout = Timeout.Infinite)
    {
        var flags = minComplete > 0 ? EnterGetEvents : 0;
        long result;
        if (minComplete > 0 && millisecondsTimeout != Timeout.Infinite)
        {
            // IORING_ENTER_EXT_ARG (5.11): struct io_uring_getevents_arg { u64 sigmask; u32 sigmask_sz; u32 pad; u64 ts; }.
            var timeout = stackalloc long[2] { millisecondsTimeout / 1000, (millisecondsTimeout % 1000) * 1_000_000L };
            var arg = stackalloc ulong[3] { 0, 0, (ulong)timeout };
            result = Libc.syscall(SysEnter, _fd, toSubmit, minComplete, flags | EnterExtArg, (long)arg, 24);
        }
        else
        {
            result = Libc.syscall(SysEnter, _fd, toSubmit, minComplete, flags, 0, 0);
        }

        return result < 0 ? -Libc.LastError : 0;
    }

    /// <summary>Copies up to <paramref name="into"/>'s length of ready completions out of the ring and frees their slots.</summary>
    public int Reap(Span<KernelEvent> into)
    {
        var head = *_cqHead;
        var tail = Volatile.Read(ref *_cqTail);
        var count = 0;
        while (head != tail && count < into.Length)
        {
            var cqe = _cqes + (head & _cqMask);
            into[count++] = new KernelEvent(cqe->UserData, cqe->Result, cqe->Flags);
            head++;
        }

        // Release the slots: the kernel reads the head with acquire semantics.
        Volatile.Write(ref *_cqHead, head);
        return count;
    }

    /// <summary>True when completions wait in the ring (a memory read, no system call).</summary>
    public bool HasCompletions => *_cqHead != Volatile.Read(ref *_cqTail);

    /// <summary>Completions in the ring not yet reaped.</summary>
    public uint ReadyCount => Volatile.Read(ref *_cqTail) - Volatile.Read(ref *_cqHead);

    /// <summary>IORING_REGISTER_PBUF_RING: false when the kernel has no buffer rings (before 5.19).</summary>
    public bool RegisterBufferRing(ulong ringAddress, uint entries, ushort groupId)
    {
        // struct io_uring_buf_reg { u64 ring_addr; u32 ring_entries; u16 bgid; u16 flags; u64 resv[3]; }
        var registration = stackalloc ulong[5] { ringAddress, entries | ((ulong)groupId << 32), 0, 0, 0 };
        return Libc.syscall(SysRegister, _fd, RegisterPbufRing, (long)registration, 1, 0, 0) >= 0;
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        // Closing the ring's descriptor cancels whatever is still in flight.
        Libc.munmap(_sqes, _sqesSize);
        Libc.munmap(_rings, _ringsSize);
        Libc.close(_fd);
    }

    private bool SupportsOpcodes(out string? reason, params ReadOnlySpan<byte> opcodes)
    {
        // struct io_uring_probe { u8 last_op; u8 ops_len; u16 resv; u32 resv2[3]; io_uring_probe_op ops[]; }
        // with io_uring_probe_op { u8 op; u8 resv; u16 flags; u32 resv2; }: 16 + 256 * 8 bytes.
        const int OpCount = 256;
        var probe = stackalloc byte[16 + (OpCount * 8)];
        new Span<byte>(probe, 16 + (OpCount * 8)).Clear();
        if (Libc.syscall(SysRegister, _fd, RegisterProbe, (long)probe, OpCount, 0, 0) < 0)
        {
            reason = $"the kernel's io_uring cannot list its opcodes (IORING_REGISTER_PROBE: {Marshal.GetPInvokeErrorMessage(Libc.LastError)}; needs Linux 5.6 or later)";
            return false;
        }

        foreach (var op in opcodes)
        {
            var flags = *(ushort*)(probe + 16 + (op * 8) + 2);
            if (op > probe[0] || (flags & ProbeOpSupported) == 0)
            {
                reason = $"the kernel's io_uring lacks opcode {op} (send, recv and accept need Linux 5.6 or later)";
                return false;
            }
        }

        reason = null;
        return true;
    }

    [StructLayout(LayoutKind.Sequential)]
    public struct Sqe
    {
        public byte Opcode;
        public byte Flags;
        public ushort IoPriority;
        public int Fd;
        public ulong Offset;
        public ulong Address;
        public uint Length;
        public uint OpFlags;
        public ulong UserData;
        public ushort BufferIndex;
        public ushort Personality;
        public int SpliceFdIn;
        public ulong Address3;
        public ulong Padding;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct Cqe
    {
        public ulong UserData;
        public int Result;
        public uint Flags;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct SqRingOffsets
    {
        public uint Head, Tail, RingMask, RingEntries, Flags, Dropped, Array, Resv1;
        public ulong UserAddr;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct CqRingOffsets
    {
        public uint Head, Tail, RingMask, RingEntries, Overflow, Cqes, Flags, Resv1;
        public ulong UserAddr;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct Params
    {
        public uint SqEntries, CqEntries, Flags, SqThreadCpu, SqThreadIdle, Features, WqFd, Resv0, Resv1, Resv2;
        public SqRingOffsets SqOff;
        public CqRingOffsets CqOff;
    }
}
