using System.Runtime.InteropServices;

namespace IocpAdmin.Server.Engine.Native;

/// <summary>
/// A ring of receive buffers registered with io_uring (IORING_REGISTER_PBUF_RING, Linux 5.19): a
/// waiting receive names the group instead of a buffer, and the kernel takes one only when data
/// arrives. So a receive is one trip through the ring (no poll, then recv) while an idle client
/// still holds no buffer. A buffer is lent from the completion until the session copies the
/// bytes out (on the same worker, microseconds later) and goes straight back.
/// </summary>
internal sealed unsafe class ProvidedBuffers : IDisposable
{
    public const ushort GroupId = 1;

    /// <summary>One page: the most a waiting receive takes; more stays in the socket for the next receive.</summary>
    public const int BufferSize = 4096;

    /// <summary>
    /// Buffers lent at once: one per client whose data has arrived and not yet been copied out. When
    /// all are lent, a receive fails with ENOBUFS and that client waits with a poll instead.
    /// </summary>
    public const int DefaultCount = 512;

    private const int EntrySize = 16;

    private readonly Lock _gate = new();
    private readonly int _count;
    private readonly byte* _ring;
    private readonly byte* _buffers;
    private ushort _tail;
    private int _disposed;

    private ProvidedBuffers(int count)
    {
        _count = count;
        // The ring must start on a page (the kernel maps it); pages are 16 or 64 KiB on some arm64 kernels.
        var page = (nuint)Environment.SystemPageSize;
        _ring = (byte*)NativeMemory.AlignedAlloc((nuint)(count * EntrySize), page);
        _buffers = (byte*)NativeMemory.AlignedAlloc((nuint)(count * BufferSize), page);
        new Span<byte>(_ring, count * EntrySize).Clear();
        for (var i = 0; i < count; i++)
        {
            WriteEntry(i, (ushort)i);
        }

        _tail = (ushort)count;
        Volatile.Write(ref *(ushort*)(_ring + 14), _tail);
    }

    /// <summary>Registers <paramref name="count"/> buffers (a power of two) with <paramref name="ring"/>; null when the kernel has no buffer rings (before 5.19).</summary>
    public static ProvidedBuffers? TryRegister(IoUring ring, int count = DefaultCount)
    {
        var buffers = new ProvidedBuffers(count);
        if (ring.RegisterBufferRing((ulong)buffers._ring, (uint)count, GroupId))
        {
            return buffers;
        }

        buffers.Dispose();
        return null;
    }

    /// <summary>The bytes the kernel put in buffer <paramref name="id"/>.</summary>
    public ReadOnlySpan<byte> Get(ushort id, int offset, int length) => new(_buffers + (id * BufferSize) + offset, length);

    /// <summary>Gives buffer <paramref name="id"/> back to the kernel; from any worker.</summary>
    public void Return(ushort id)
    {
        lock (_gate)
        {
            WriteEntry(_tail & (_count - 1), id);
            _tail++;
            // struct io_uring_buf_ring's tail overlays the first entry's reserved field (offset 14);
            // the kernel reads it with acquire semantics.
            Volatile.Write(ref *(ushort*)(_ring + 14), _tail);
        }
    }

    /// <summary>After the ring is closed (the kernel no longer reads this memory).</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        NativeMemory.AlignedFree(_ring);
        NativeMemory.AlignedFree(_buffers);
    }

    // struct io_uring_buf { u64 addr; u32 len; u16 bid; u16 resv; }: resv of entry 0 is the tail, so never written here.
    private void WriteEntry(int index, ushort id)
    {
        var entry = _ring + (index * EntrySize);
        *(ulong*)entry = (ulong)(_buffers + (id * BufferSize));
        *(uint*)(entry + 8) = BufferSize;
        *(ushort*)(entry + 12) = id;
    }
}
