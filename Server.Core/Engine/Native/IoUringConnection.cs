using System.Buffers;
using IocpAdmin.Server.Engine.Transport;

namespace IocpAdmin.Server.Engine.Native;

/// <summary>
/// A connection whose operations complete on an io_uring (<see cref="IoUringPort"/>). A receive
/// into a buffer is a RECV entry (the kernel copies the bytes when they come); the zero-byte wait is
/// a POLL_ADD, which holds no buffer, and the receive after it is tried inline, since the data is
/// there. A send is tried inline first (a small response nearly always fits the socket's buffer);
/// what does not fit goes as SEND entries until all is written. The buffer of an operation in the
/// kernel stays pinned until its completion is reaped, even if the session has gone.
/// </summary>
internal sealed unsafe class IoUringConnection : NativeConnection
{
    // _state: no operation in the kernel, one in the kernel, or one in the kernel of a connection
    // already disposed (its completion then releases everything). Changed atomically: Dispose runs
    // on the session's thread while the completion may be finishing on another worker.
    private const int Idle = 0;
    private const int InFlight = 1;
    private const int InFlightDisposed = 2;
    private const int Disposed = 3;

    private readonly IoUringPort _port;
    private CompletionKind _pending;
    private bool _waiting;
    private bool _readyHint;
    private int _state;
    private MemoryHandle _pin;
    private ReadOnlyMemory<byte> _sendBuffer;
    private int _sent;

    // A waiting receive into a provided buffer (ProvidedBuffers): _selecting while it is in the
    // kernel; then the bytes the kernel put there, lent until StartReceive copies them out.
    private bool _selecting;
    private int _lentId = -1;
    private int _lentOffset;
    private int _lentLength;
    private bool _endOfStream;

    // The entry in the kernel, kept to submit again when its completion says EAGAIN.
    private IoUring.Sqe _entry;

    public IoUringConnection(int fd, IoUringPort port)
        : base(fd)
    {
        _port = port;
        port.Targets.Register(this);
    }

    public override bool StartReceive(Memory<byte> buffer, out IoResult result)
    {
        _pending = CompletionKind.Receive;
        if (buffer.IsEmpty)
        {
            _waiting = true;
            SubmitWait();
            result = default;
            return false;
        }

        _waiting = false;
        if (_lentId >= 0 || _endOfStream)
        {
            result = new IoResult(CopyLent(buffer.Span), IoErrorKind.None);
            return true;
        }

        if (_readyHint)
        {
            // A poll said data is there (or the last receive filled its buffer): one recv now
            // saves a trip through the ring.
            _readyHint = false;
            result = TryReceive(buffer.Span, out var wouldBlock);
            if (!wouldBlock)
            {
                _readyHint = result.Succeeded && result.Bytes == buffer.Length;
                return true;
            }
        }

        _pin = buffer.Pin();
        Submit(IoUring.OpRecv, (byte*)_pin.Pointer, (uint)buffer.Length, 0);
        result = default;
        return false;
    }

    public override bool StartSend(ReadOnlyMemory<byte> buffer, out IoResult result)
    {
        _pending = CompletionKind.Send;
        _waiting = false;
        result = TrySend(buffer.Span, out var wouldBlock);
        if (!wouldBlock)
        {
            return true;
        }

        _sendBuffer = buffer;
        _sent = result.Bytes;
        _pin = buffer.Pin();
        SubmitRestOfSend();
        return false;
    }

    public override bool OnEvent(in KernelEvent kernelEvent, out CompletionPacket packet)
    {
        packet = default;
        var res = kernelEvent.Result;
        if (res == -Libc.EAGAIN && Volatile.Read(ref _state) == InFlight)
        {
            // The kernel gave up retrying a blocked operation (its io-wq retry cap), or an older
            // kernel's non-blocking attempt found nothing: submit the same entry again.
            QueueEntry(_entry, rearm: true);
            return false;
        }

        if (_selecting)
        {
            _selecting = false;
            if ((kernelEvent.Flags & IoUring.CqeBuffer) != 0)
            {
                _lentId = (int)(kernelEvent.Flags >> 16);
                _lentOffset = 0;
                _lentLength = Math.Max(0, res);
                _readyHint = res == ProvidedBuffers.BufferSize;
            }
            else if (res == 0)
            {
                _endOfStream = true;
            }
            else if (res == -Libc.ENOBUFS && Volatile.Read(ref _state) == InFlight)
            {
                // Every provided buffer is lent: wait with a poll instead, which needs none.
                _port.CountShortfall();
                Submit(IoUring.OpPollAdd, null, 0, (uint)Libc.PollIn, rearm: true);
                return false;
            }
        }

        if (_pending == CompletionKind.Send && res > 0 && _sent + res < _sendBuffer.Length
            && Volatile.Read(ref _state) == InFlight)
        {
            _sent += res;
            SubmitRestOfSend(rearm: true);
            return false;
        }

        // The kernel is done with the buffer (a no-op after a poll, which pinned none).
        _pin.Dispose();

        switch (Interlocked.CompareExchange(ref _state, Idle, InFlight))
        {
            case InFlight:
                break;
            case InFlightDisposed:
                // The session is gone (a fault closed it mid-operation): now that the kernel has
                // let go of the buffer, release it and the descriptor.
                Volatile.Write(ref _state, Disposed);
                ReturnLent();
                ReleaseAll();
                return false;
            default:
                // Nothing was in flight: an event after the port closed us.
                return false;
        }

        IoResult result;
        if (res < 0)
        {
            result = IoErrors.FromErrno(-res, IsAborted);
        }
        else if (_waiting)
        {
            // Data is waiting (in a provided buffer, or still in the socket after a poll, whose
            // result is the ready mask), or the stream ended: the receive that follows tells which.
            _readyHint |= _lentId < 0 && !_endOfStream;
            result = new IoResult(0, IoErrorKind.None);
        }
        else if (_pending == CompletionKind.Send)
        {
            result = new IoResult(_sent + res, IoErrorKind.None);
            _sendBuffer = default;
        }
        else
        {
            result = new IoResult(res, IoErrorKind.None);
        }

        packet = PacketFor(_pending, result);
        return true;
    }

    public override bool OnPortClosed()
    {
        // The ring is closed. An operation still in flight is being cancelled by the kernel's
        // asynchronous teardown, which may yet write into its buffer: its pin is left to the
        // process's end (only a stop that found a client stuck mid-operation gets here).
        var inFlight = Interlocked.Exchange(ref _state, Disposed) is InFlight or InFlightDisposed;
        _lentId = -1;
        ReleaseAll();
        return inFlight;
    }

    public override void Dispose()
    {
        switch (Interlocked.CompareExchange(ref _state, InFlightDisposed, InFlight))
        {
            case InFlight:
                // Only after a session's fault: the kernel still owns a buffer. Wake the operation
                // (it completes with end of stream or EPIPE); its completion releases everything.
                Abort();
                return;
            case Idle when Interlocked.CompareExchange(ref _state, Disposed, Idle) == Idle:
                ReturnLent();
                ReleaseAll();
                return;
        }
    }

    /// <summary>Copies what the kernel left in the lent buffer (0 at end of stream); gives the buffer back once empty.</summary>
    private int CopyLent(Span<byte> into)
    {
        if (_lentId < 0)
        {
            return 0;
        }

        var count = Math.Min(into.Length, _lentLength);
        _port.Buffers!.Get((ushort)_lentId, _lentOffset, count).CopyTo(into);
        _lentOffset += count;
        _lentLength -= count;
        if (_lentLength == 0)
        {
            ReturnLent();
        }

        return count;
    }

    private void ReturnLent()
    {
        if (_lentId >= 0)
        {
            _port.Buffers!.Return((ushort)_lentId);
            _lentId = -1;
        }
    }

    private void SubmitWait()
    {
        if (_port.Buffers is null)
        {
            Submit(IoUring.OpPollAdd, null, 0, (uint)Libc.PollIn);
            return;
        }

        _selecting = true;
        QueueEntry(new IoUring.Sqe
        {
            Opcode = IoUring.OpRecv,
            Flags = IoUring.SqeBufferSelect,
            Fd = RawFd,
            Length = ProvidedBuffers.BufferSize,
            BufferIndex = ProvidedBuffers.GroupId,
            UserData = Token,
        }, rearm: false);
    }

    private void ReleaseAll()
    {
        _port.Targets.Unregister(this);
        Release();
    }

    private void SubmitRestOfSend(bool rearm = false) =>
        Submit(IoUring.OpSend, (byte*)_pin.Pointer + _sent, (uint)(_sendBuffer.Length - _sent), (uint)Libc.MsgNoSignal, rearm);

    private void Submit(byte opcode, byte* address, uint length, uint opFlags, bool rearm = false) =>
        QueueEntry(new IoUring.Sqe
        {
            Opcode = opcode,
            Fd = RawFd,
            Address = (ulong)address,
            Length = length,
            OpFlags = opFlags,
            UserData = Token,
        }, rearm);

    /// <summary>
    /// Queues <paramref name="entry"/>. A new operation (from Idle) marks the connection in flight; a
    /// re-arm from a completion leaves the state alone: a Dispose that ran meanwhile has marked it
    /// in-flight-disposed, and that mark must survive for the next completion to release everything.
    /// </summary>
    private void QueueEntry(in IoUring.Sqe entry, bool rearm)
    {
        if (!rearm)
        {
            Volatile.Write(ref _state, InFlight);
        }

        _entry = entry;
        _port.Queue(entry);
    }
}
