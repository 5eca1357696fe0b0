using System.Net.Sockets;
using IocpAdmin.Protocol;

namespace IocpAdmin.Server.Engine.Transport;

/// <summary>
/// The pipe on Linux and macOS: a Unix domain stream socket at
/// <c>Path.GetTempPath()/CoreFxPipe_&lt;name&gt;</c>, exactly where .NET's
/// <c>NamedPipeClientStream(".", name)</c> connects (PROTOCOL.md, "Transport").
/// </summary>
internal sealed class SocketPipeListener : PipeListener
{
    private readonly UnixFileMode _fileMode;
    private readonly int _backlog;
    private readonly SocketAsyncEventArgs _acceptArgs;
    private Socket? _socket;
    private PipeConnection? _accepted;
    private int _disposed;

    public SocketPipeListener(string pipeName, UnixFileMode fileMode, int backlog)
    {
        Address = PipeAddress.UnixSocketPathOf(pipeName);
        _fileMode = fileMode;
        _backlog = backlog;
        _acceptArgs = new SocketAsyncEventArgs(unsafeSuppressExecutionContextFlow: true);
        _acceptArgs.Completed += OnAcceptCompleted;
    }

    public override string Address { get; }

    public override void Start()
    {
        UnixSocketPath.EnsureFits(Address);
        UnixSocketPath.RemoveIfStale(Address);
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            socket.Bind(new UnixDomainSocketEndPoint(Address));
            // Set the mode between bind and listen: until listen() no client can connect, so
            // there is no window in which the socket is open to more users than configured.
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(Address, _fileMode);
            }

            socket.Listen(_backlog);
        }
        catch (SocketException ex)
        {
            socket.Dispose();
            throw new PipeUnavailableException($"Cannot create the pipe at '{Address}': {ex.Message}", ex);
        }

        _socket = socket;
    }

    public override bool StartAccept(out PipeConnection? connection, out IoErrorKind error)
    {
        var socket = _socket ?? throw new InvalidOperationException("The listener is not started.");
        _acceptArgs.AcceptSocket = null;
        try
        {
            if (socket.AcceptAsync(_acceptArgs))
            {
                connection = null;
                error = IoErrorKind.None;
                return false;
            }
        }
        catch (ObjectDisposedException)
        {
            connection = null;
            error = IoErrorKind.Aborted;
            return true;
        }

        connection = Complete(_acceptArgs, out error);
        return true;
    }

    public override PipeConnection? TakeAccepted() => Interlocked.Exchange(ref _accepted, null);

    public override PipeConnection? Accept(out IoErrorKind error)
    {
        var socket = _socket ?? throw new InvalidOperationException("The listener is not started.");
        try
        {
            error = IoErrorKind.None;
            return new SocketConnection(socket.Accept());
        }
        catch (SocketException ex)
        {
            error = Volatile.Read(ref _disposed) != 0 ? IoErrorKind.Aborted : SocketConnection.Classify(ex.SocketErrorCode);
            return null;
        }
        catch (ObjectDisposedException)
        {
            error = IoErrorKind.Aborted;
            return null;
        }
    }

    public override void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        var socket = _socket;
        socket?.Dispose();
        _acceptArgs.Dispose();
        if (socket is not null)
        {
            // Only our own socket file: a stopped server leaves no stale path behind.
            File.Delete(Address);
        }
    }

    private void OnAcceptCompleted(object? sender, SocketAsyncEventArgs args)
    {
        Volatile.Write(ref _accepted, Complete(args, out var error));
        PostAccept(error);
    }

    private SocketConnection? Complete(SocketAsyncEventArgs args, out IoErrorKind error)
    {
        error = SocketConnection.Classify(args.SocketError);
        if (Volatile.Read(ref _disposed) != 0 && error != IoErrorKind.None)
        {
            error = IoErrorKind.Aborted;
        }

        var accepted = args.AcceptSocket;
        args.AcceptSocket = null;
        if (error != IoErrorKind.None || accepted is null)
        {
            accepted?.Dispose();
            return null;
        }

        return new SocketConnection(accepted);
    }
}
