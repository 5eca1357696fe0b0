using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace IocpAdmin.Server.Engine.Transport;

/// <summary>
/// A pipe connection on a Unix domain stream socket (Linux, macOS). Asynchronous operations run
/// on one reusable <see cref="SocketAsyncEventArgs"/>: no allocation per operation.
/// </summary>
internal sealed class SocketConnection : PipeConnection
{
    // Bytes a client sent that will never be read make the kernel report ECONNRESET to it after
    // our last response, instead of a clean end of stream; Close discards up to this many first.
    private const int UnreadDrainLimit = 64 * 1024;

    private static readonly EventHandler<SocketAsyncEventArgs> s_onCompleted = OnCompleted;

    private readonly Socket _socket;
    private readonly SocketAsyncEventArgs _args;
    private CompletionKind _pending;
    private int _aborted;

    public SocketConnection(Socket socket)
    {
        _socket = socket;
        _args = new SocketAsyncEventArgs(unsafeSuppressExecutionContextFlow: true) { UserToken = this };
        _args.Completed += s_onCompleted;
        Peer = ReadPeerCredentials(socket);
    }

    public override bool SupportsWaitForData => true;

    public override PeerIdentity Peer { get; }

    public override bool StartReceive(Memory<byte> buffer, out IoResult result) => Start(CompletionKind.Receive, buffer, out result);

    // SocketAsyncEventArgs takes Memory<byte>; the send path only reads it.
    public override bool StartSend(ReadOnlyMemory<byte> buffer, out IoResult result) =>
        Start(CompletionKind.Send, MemoryMarshal.AsMemory(buffer), out result);

    public override IoResult Receive(Memory<byte> memory)
    {
        var buffer = memory.Span;
        try
        {
            var received = _socket.Receive(buffer, SocketFlags.None, out var error);
            return IoErrors.FromSocket(error, received, Volatile.Read(ref _aborted) != 0);
        }
        catch (ObjectDisposedException)
        {
            return IoResult.Aborted;
        }
    }

    public override IoResult Send(ReadOnlyMemory<byte> memory)
    {
        var buffer = memory.Span;
        try
        {
            var total = 0;
            while (total < buffer.Length)
            {
                var sent = _socket.Send(buffer[total..], SocketFlags.None, out var error);
                if (error != SocketError.Success)
                {
                    return IoErrors.FromSocket(error, total, Volatile.Read(ref _aborted) != 0);
                }

                total += sent;
            }

            return new IoResult(total, IoErrorKind.None);
        }
        catch (ObjectDisposedException)
        {
            return IoResult.Aborted;
        }
    }

    public override void ShutdownReceive() => TryShutdown(SocketShutdown.Receive);

    public override void Abort()
    {
        if (Interlocked.Exchange(ref _aborted, 1) == 0)
        {
            // shutdown(SHUT_RDWR) wakes a pending receive (end of stream) and fails a pending send;
            // unlike Dispose it leaves the descriptor to the owner, so no other thread races a reuse.
            TryShutdown(SocketShutdown.Both);
        }
    }

    public override void Dispose()
    {
        try
        {
            DiscardUnread();
            _socket.Shutdown(SocketShutdown.Send);
        }
        catch (SocketException)
        {
            // The peer is already gone: nothing left to say to it.
        }
        catch (ObjectDisposedException)
        {
            // Closed before (idempotent).
        }

        _socket.Dispose();
        _args.Dispose();
    }

    private bool Start(CompletionKind kind, Memory<byte> buffer, out IoResult result)
    {
        _pending = kind;
        _args.SetBuffer(buffer);
        try
        {
            if (kind == CompletionKind.Receive ? _socket.ReceiveAsync(_args) : _socket.SendAsync(_args))
            {
                result = default;
                return false;
            }
        }
        catch (ObjectDisposedException)
        {
            result = IoResult.Aborted;
            return true;
        }

        result = ResultOf(_args);
        return true;
    }

    private static void OnCompleted(object? sender, SocketAsyncEventArgs args)
    {
        var connection = (SocketConnection)args.UserToken!;
        connection.PostCompletion(connection._pending, connection.ResultOf(args));
    }

    private IoResult ResultOf(SocketAsyncEventArgs args) =>
        IoErrors.FromSocket(args.SocketError, args.BytesTransferred, Volatile.Read(ref _aborted) != 0);

    private void DiscardUnread()
    {
        Span<byte> scratch = stackalloc byte[4096];
        var budget = UnreadDrainLimit;
        while (budget > 0 && _socket.Available > 0)
        {
            var read = _socket.Receive(scratch, SocketFlags.None, out var error);
            if (read <= 0 || error != SocketError.Success)
            {
                return;
            }

            budget -= read;
        }
    }

    private void TryShutdown(SocketShutdown how)
    {
        try
        {
            _socket.Shutdown(how);
        }
        catch (SocketException)
        {
            // Not connected any more: the shutdown has nothing to do.
        }
        catch (ObjectDisposedException)
        {
            // The owner closed it first.
        }
    }

    private static PeerIdentity ReadPeerCredentials(Socket socket)
    {
        if (!OperatingSystem.IsLinux())
        {
            return default;
        }

        // struct ucred { pid_t pid; uid_t uid; gid_t gid; } from getsockopt(SOL_SOCKET = 1, SO_PEERCRED = 17).
        Span<byte> ucred = stackalloc byte[12];
        try
        {
            return socket.GetRawSocketOption(1, 17, ucred) >= 8
                ? new PeerIdentity(MemoryMarshal.Read<int>(ucred), MemoryMarshal.Read<uint>(ucred[4..]))
                : default;
        }
        catch (SocketException)
        {
            return default;
        }
    }
}
