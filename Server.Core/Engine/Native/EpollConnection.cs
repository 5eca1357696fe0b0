using IocpAdmin.Server.Engine.Transport;

namespace IocpAdmin.Server.Engine.Native;

/// <summary>
/// A connection on an epoll set (<see cref="EpollPort"/>): a readiness source. Receives and sends
/// are tried inline; one that would block arms the descriptor one-shot for that one direction, and
/// the worker that takes the event does the receive or the rest of the send itself. The kernel
/// never holds a buffer, so nothing is pinned.
/// </summary>
internal sealed class EpollConnection : NativeConnection
{
    private readonly EpollPort _port;
    private CompletionKind _pending;
    private bool _waiting;
    private readonly int _addError;
    private int _armed;
    private Memory<byte> _receiveBuffer;
    private ReadOnlyMemory<byte> _sendBuffer;
    private int _sent;
    private int _disposed;

    public EpollConnection(int fd, EpollPort port)
        : base(fd)
    {
        _port = port;
        port.Targets.Register(this);
        // In the set from the start, disabled (one-shot with no events) until the first operation
        // arms it: arming is then always a MOD, whichever worker does it.
        _addError = port.Add(fd, Token);
    }

    public override bool StartReceive(Memory<byte> buffer, out IoResult result)
    {
        _pending = CompletionKind.Receive;
        _waiting = buffer.IsEmpty;
        if (!_waiting)
        {
            result = TryReceive(buffer.Span, out var wouldBlock);
            if (!wouldBlock)
            {
                return true;
            }

            _receiveBuffer = buffer;
        }

        return Arm(EpollPort.EpollIn, out result);
    }

    public override bool StartSend(ReadOnlyMemory<byte> buffer, out IoResult result)
    {
        _pending = CompletionKind.Send;
        result = TrySend(buffer.Span, out var wouldBlock);
        if (!wouldBlock)
        {
            return true;
        }

        _sendBuffer = buffer;
        _sent = result.Bytes;
        return Arm(EpollPort.EpollOut, out result);
    }

    public override bool OnEvent(in KernelEvent kernelEvent, out CompletionPacket packet)
    {
        packet = default;
        // Hang-up and error are reported even to a descriptor nobody armed: only an armed one has
        // an operation to finish.
        if (Volatile.Read(ref _disposed) != 0 || Interlocked.Exchange(ref _armed, 0) == 0)
        {
            return false;
        }

        IoResult result;
        if (_pending == CompletionKind.Send)
        {
            result = TrySend(_sendBuffer.Span[_sent..], out var wouldBlock);
            if (result.Succeeded)
            {
                _sent += result.Bytes;
                if (wouldBlock)
                {
                    return !Arm(EpollPort.EpollOut, out result) ? false : Finish(result, out packet);
                }

                result = new IoResult(_sent, IoErrorKind.None);
                _sendBuffer = default;
            }
        }
        else if (_waiting)
        {
            // Readable, or hung up: the receive that follows tells which.
            result = new IoResult(0, IoErrorKind.None);
        }
        else
        {
            result = TryReceive(_receiveBuffer.Span, out var wouldBlock);
            if (wouldBlock)
            {
                // A spurious wake-up (another reader cannot exist: one operation at a time).
                return !Arm(EpollPort.EpollIn, out result) ? false : Finish(result, out packet);
            }

            _receiveBuffer = default;
        }

        return Finish(result, out packet);
    }

    public override bool OnPortClosed()
    {
        Dispose();
        return false;
    }

    public override void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        // Out of the table first: an event already reaped for this descriptor finds nothing.
        _port.Targets.Unregister(this);
        if (_addError == 0 && Socket.TryBeginUse(out var fd))
        {
            try
            {
                _port.Remove(fd);
            }
            finally
            {
                Socket.EndUse();
            }
        }

        Release();
    }

    private bool Finish(in IoResult result, out CompletionPacket packet)
    {
        packet = PacketFor(_pending, result);
        return true;
    }

    /// <summary>Arms the descriptor; false (pending) normally, true with the failure if epoll_ctl failed.</summary>
    private bool Arm(uint events, out IoResult result)
    {
        Volatile.Write(ref _armed, 1);
        // A descriptor the set refused (ENOSPC: fs.epoll.max_user_watches) fails its first operation;
        // one already closed (a fault closed the session meanwhile) fails as aborted.
        int errno;
        if (_addError != 0)
        {
            errno = _addError;
        }
        else if (Socket.TryBeginUse(out var fd))
        {
            try
            {
                errno = _port.Arm(fd, Token, events);
            }
            finally
            {
                Socket.EndUse();
            }
        }
        else
        {
            errno = Libc.EBADF;
        }

        if (errno == 0)
        {
            result = default;
            return false;
        }

        result = IoErrors.FromErrno(errno, IsAborted);
        return true;
    }
}
