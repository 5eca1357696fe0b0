using System.Net.Sockets;
using IocpAdmin.Protocol;
using IocpAdmin.Server.Engine.Transport;

namespace IocpAdmin.Server.Engine.Native;

/// <summary>
/// The pipe's listening socket for the native sources (the same path and permissions as
/// <see cref="SocketPipeListener"/>). Accepts are tried inline with accept4, so a burst of
/// connecting clients is taken without a trip through the kernel queue; when none is waiting the
/// subclass arms the queue for the next.
/// </summary>
internal abstract unsafe class NativeListener : PipeListener, INativeTarget
{
    private readonly UnixFileMode _fileMode;
    private readonly int _backlog;
    private Socket? _socket;
    private PipeConnection? _accepted;
    private int _disposed;

    protected NativeListener(string pipeName, UnixFileMode fileMode, int backlog)
    {
        Address = PipeAddress.UnixSocketPathOf(pipeName);
        _fileMode = fileMode;
        _backlog = backlog;
    }

    public override string Address { get; }

    public ulong Token { get; set; }

    protected int Fd { get; private set; } = -1;

    protected bool IsDisposed => Volatile.Read(ref _disposed) != 0;

    public override void Start()
    {
        var socket = SocketPipeListener.Listen(Address, _fileMode, _backlog);
        socket.Blocking = false;
        _socket = socket;
        Fd = (int)socket.Handle;
        OnStarted();
    }

    public override bool StartAccept(out PipeConnection? connection, out IoResult result)
    {
        if (TryAccept(out connection, out result))
        {
            return true;
        }

        Arm();
        return false;
    }

    public override PipeConnection? TakeAccepted() => Interlocked.Exchange(ref _accepted, null);

    public override PipeConnection? Accept(out IoResult result)
    {
        while (true)
        {
            if (TryAccept(out var connection, out result))
            {
                return connection;
            }

            // Woken at least every 200 ms to notice Dispose: closing a listening Unix socket
            // does not wake a poll on it.
            var entry = new Libc.PollFd { Fd = Fd, Events = Libc.PollIn };
            Libc.poll(&entry, 1, 200);
        }
    }

    public abstract bool OnEvent(in KernelEvent kernelEvent, out CompletionPacket packet);

    public abstract bool OnPortClosed();

    public override void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        var socket = _socket;
        OnDisposing();
        socket?.Dispose();
        if (socket is not null)
        {
            // Only our own socket file: a stopped server leaves no stale path behind.
            File.Delete(Address);
        }
    }

    protected abstract PipeConnection CreateConnection(int fd);

    /// <summary>After the socket listens: register it with the port.</summary>
    protected abstract void OnStarted();

    /// <summary>Arms the kernel queue for the next accept; its event is posted as an Accept packet.</summary>
    protected abstract void Arm();

    /// <summary>Before the socket closes: end the armed accept.</summary>
    protected abstract void OnDisposing();

    /// <summary>Finishes an accept whose descriptor (or errno, negative) the kernel reported: the packet to post.</summary>
    protected CompletionPacket Accepted(int fdOrError)
    {
        IoResult result;
        if (fdOrError >= 0)
        {
            if (IsDisposed)
            {
                // Accepted as the listener closed: nobody will serve it.
                Libc.close(fdOrError);
                result = IoResult.Aborted;
            }
            else
            {
                Volatile.Write(ref _accepted, CreateConnection(fdOrError));
                result = default;
            }
        }
        else
        {
            result = IoErrors.FromAcceptErrno(-fdOrError, IsDisposed);
        }

        return CompletionPacket.For(CompletionKeys.Listener, CompletionKind.Accept, result);
    }

    /// <summary>An accept finished on a worker: the engine takes <paramref name="connection"/> with <see cref="TakeAccepted"/>.</summary>
    protected CompletionPacket Deliver(PipeConnection? connection, in IoResult result)
    {
        Volatile.Write(ref _accepted, connection);
        return CompletionPacket.For(CompletionKeys.Listener, CompletionKind.Accept, result);
    }

    /// <summary>One non-blocking accept4; false when no client is waiting.</summary>
    protected bool TryAccept(out PipeConnection? connection, out IoResult result)
    {
        connection = null;
        if (IsDisposed)
        {
            result = IoResult.Aborted;
            return true;
        }

        while (true)
        {
            var fd = Libc.accept4(Fd, null, null, Libc.SockNonBlock | Libc.SockCloExec);
            if (fd >= 0)
            {
                connection = CreateConnection(fd);
                result = default;
                return true;
            }

            var errno = Libc.LastError;
            if (errno == Libc.EINTR)
            {
                continue;
            }

            result = errno == Libc.EAGAIN ? default : IoErrors.FromAcceptErrno(errno, IsDisposed);
            return errno != Libc.EAGAIN;
        }
    }
}
