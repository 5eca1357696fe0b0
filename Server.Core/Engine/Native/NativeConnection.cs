using IocpAdmin.Server.Engine.Transport;

namespace IocpAdmin.Server.Engine.Native;

/// <summary>
/// A pipe connection on a raw, non-blocking Unix socket descriptor, for the native completion
/// sources: what they share (peer credentials, the inline non-blocking receive and send, the
/// blocking calls, abort and the clean close). A subclass arms the kernel queue when an operation
/// cannot finish at once, and finishes it when the queue reports (<see cref="INativeTarget"/>).
/// </summary>
internal abstract unsafe class NativeConnection : PipeConnection, INativeTarget
{
    // As SocketConnection: unread bytes would make the kernel reset the client after our last answer.
    private const int UnreadDrainLimit = 64 * 1024;

    private int _aborted;
    private int _released;

    protected NativeConnection(int fd)
    {
        Socket = new SocketHandle(fd);
        Peer = ReadPeerCredentials(fd);
    }

    public ulong Token { get; set; }

    public override bool SupportsWaitForData => true;

    public override PeerIdentity Peer { get; }

    /// <summary>The descriptor; every system call on it holds it open (<see cref="SocketHandle.TryBeginUse"/>).</summary>
    protected SocketHandle Socket { get; }

    /// <summary>
    /// The raw number, for io_uring entries: the kernel resolves it at submission, and a connection
    /// with an entry queued or in flight is never released (its completion releases it).
    /// </summary>
    protected int RawFd => (int)Socket.DangerousGetHandle();

    protected bool IsAborted => Volatile.Read(ref _aborted) != 0;

    public abstract bool OnEvent(in KernelEvent kernelEvent, out CompletionPacket packet);

    public abstract bool OnPortClosed();

    public override IoResult Receive(Memory<byte> memory)
    {
        var buffer = memory.Span;
        while (true)
        {
            var result = TryReceive(buffer, out var wouldBlock);
            if (!wouldBlock || !WaitUntil(Libc.PollIn, out result))
            {
                return result;
            }
        }
    }

    public override IoResult Send(ReadOnlyMemory<byte> memory)
    {
        var buffer = memory.Span;
        var total = 0;
        while (total < buffer.Length)
        {
            var result = TrySend(buffer[total..], out var wouldBlock);
            if (!result.Succeeded)
            {
                return result;
            }

            total += result.Bytes;
            if (wouldBlock && !WaitUntil(Libc.PollOut, out result))
            {
                return result;
            }
        }

        return new IoResult(total, IoErrorKind.None);
    }

    public override void ShutdownReceive() => Shutdown(Libc.ShutRead);

    public override void Abort()
    {
        if (Interlocked.Exchange(ref _aborted, 1) == 0)
        {
            // Wakes whatever waits on the descriptor (a kernel poll, a pending receive or send: end
            // of stream or EPIPE) and leaves the descriptor itself to the owner.
            Shutdown(Libc.ShutBoth);
        }
    }

    /// <summary>Non-blocking recv: the result, or <paramref name="wouldBlock"/> when nothing is there yet.</summary>
    protected IoResult TryReceive(Span<byte> buffer, out bool wouldBlock)
    {
        wouldBlock = false;
        if (!Socket.TryBeginUse(out var fd))
        {
            return IoResult.Aborted;
        }

        try
        {
            return TryReceive(fd, buffer, out wouldBlock);
        }
        finally
        {
            Socket.EndUse();
        }
    }

    /// <summary>Non-blocking send: the bytes written (maybe fewer than asked), <paramref name="wouldBlock"/> when the rest must wait.</summary>
    protected IoResult TrySend(ReadOnlySpan<byte> buffer, out bool wouldBlock)
    {
        wouldBlock = false;
        if (!Socket.TryBeginUse(out var fd))
        {
            return IoResult.Aborted;
        }

        try
        {
            return TrySend(fd, buffer, out wouldBlock);
        }
        finally
        {
            Socket.EndUse();
        }
    }

    private IoResult TryReceive(int fd, Span<byte> buffer, out bool wouldBlock)
    {
        fixed (byte* bytes = buffer)
        {
            while (true)
            {
                var received = Libc.recv(fd, bytes, (nuint)buffer.Length, Libc.MsgDontWait);
                if (received >= 0)
                {
                    wouldBlock = false;
                    return new IoResult((int)received, IoErrorKind.None);
                }

                var errno = Libc.LastError;
                if (errno != Libc.EINTR)
                {
                    wouldBlock = errno == Libc.EAGAIN;
                    return wouldBlock ? default : IoErrors.FromErrno(errno, IsAborted);
                }
            }
        }
    }

    private IoResult TrySend(int fd, ReadOnlySpan<byte> buffer, out bool wouldBlock)
    {
        fixed (byte* bytes = buffer)
        {
            var total = 0;
            while (total < buffer.Length)
            {
                var sent = Libc.send(fd, bytes + total, (nuint)(buffer.Length - total), Libc.MsgDontWait | Libc.MsgNoSignal);
                if (sent >= 0)
                {
                    total += (int)sent;
                    continue;
                }

                var errno = Libc.LastError;
                if (errno == Libc.EINTR)
                {
                    continue;
                }

                if (errno == Libc.EAGAIN)
                {
                    wouldBlock = true;
                    return new IoResult(total, IoErrorKind.None);
                }

                wouldBlock = false;
                return IoErrors.FromErrno(errno, IsAborted);
            }

            wouldBlock = false;
            return new IoResult(total, IoErrorKind.None);
        }
    }

    /// <summary>Closes the descriptor once; the subclass calls it when the kernel holds nothing of this connection any more.</summary>
    protected void Release()
    {
        if (Interlocked.Exchange(ref _released, 1) != 0)
        {
            return;
        }

        if (Socket.TryBeginUse(out var fd))
        {
            try
            {
                DiscardUnread(fd);
                // A clean end of stream for the client (its pending read returns 0).
                Libc.shutdown(fd, Libc.ShutWrite);
            }
            finally
            {
                Socket.EndUse();
            }
        }

        // Closes the descriptor once no other thread is inside a call on it.
        Socket.Dispose();
    }

    private static void DiscardUnread(int fd)
    {
        var scratch = stackalloc byte[4096];
        var budget = UnreadDrainLimit;
        while (budget > 0 && Libc.Available(fd) > 0)
        {
            var read = Libc.recv(fd, scratch, 4096, Libc.MsgDontWait);
            if (read <= 0)
            {
                return;
            }

            budget -= (int)read;
        }
    }

    private void Shutdown(int how)
    {
        if (Socket.TryBeginUse(out var fd))
        {
            try
            {
                Libc.shutdown(fd, how);
            }
            finally
            {
                Socket.EndUse();
            }
        }
    }

    /// <summary>Blocks until the descriptor is ready for <paramref name="events"/>; false (with the failure) if polling failed.</summary>
    private bool WaitUntil(short events, out IoResult failure)
    {
        if (!Socket.TryBeginUse(out var fd))
        {
            failure = IoResult.Aborted;
            return false;
        }

        try
        {
            var entry = new Libc.PollFd { Fd = fd, Events = events };
            while (Libc.poll(&entry, 1, Timeout.Infinite) < 0)
            {
                var errno = Libc.LastError;
                if (errno != Libc.EINTR)
                {
                    failure = IoErrors.FromErrno(errno, IsAborted);
                    return false;
                }
            }

            failure = default;
            return true;
        }
        finally
        {
            Socket.EndUse();
        }
    }

    private static PeerIdentity ReadPeerCredentials(int fd)
    {
        // struct ucred { pid_t pid; uid_t uid; gid_t gid; } from getsockopt(SOL_SOCKET = 1, SO_PEERCRED = 17).
        var ucred = stackalloc int[3];
        var length = 12;
        return Libc.getsockopt(fd, 1, 17, ucred, &length) == 0 && length >= 8
            ? new PeerIdentity(ucred[0], (uint)ucred[1])
            : default;
    }
}
