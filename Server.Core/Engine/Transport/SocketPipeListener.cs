using System.Net.Sockets;
using IocpAdmin.Protocol;

namespace IocpAdmin.Server.Engine.Transport;

/// <summary>
/// The pipe on Linux and macOS: a Unix domain stream socket at
/// <c>Path.GetTempPath()/CoreFxPipe_&lt;name&gt;</c>, exactly where .NET's
/// <c>NamedPipeClientStream(".", name)</c> connects (docs/protocol.md, "Transport").
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

    public override void Start() => _socket = Listen(Address, _fileMode, _backlog);

    /// <summary>
    /// Creates the listening socket at <paramref name="address"/> (after the checks of
    /// <see cref="UnixSocketPath"/>), open to the users <paramref name="fileMode"/> allows.
    /// Throws <see cref="PipeUnavailableException"/> with a clear message when it cannot.
    /// </summary>
    public static Socket Listen(string address, UnixFileMode fileMode, int backlog)
    {
        UnixSocketPath.EnsureFits(address);
        UnixSocketPath.RemoveIfStale(address);
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            socket.Bind(new UnixDomainSocketEndPoint(address));
            // Set the mode between bind and listen: until listen() no client can connect, so
            // there is no window in which the socket is open to more users than configured.
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(address, fileMode);
            }

            socket.Listen(backlog);
            return socket;
        }
        catch (SocketException ex)
        {
            socket.Dispose();
            throw new PipeUnavailableException($"Cannot create the pipe at '{address}': {ex.Message}", ex);
        }
    }

    public override bool StartAccept(out PipeConnection? connection, out IoResult result)
    {
        var socket = _socket ?? throw new InvalidOperationException("The listener is not started.");
        _acceptArgs.AcceptSocket = null;
        try
        {
            if (socket.AcceptAsync(_acceptArgs))
            {
                connection = null;
                result = default;
                return false;
            }
        }
        catch (ObjectDisposedException)
        {
            connection = null;
            result = IoResult.Aborted;
            return true;
        }

        connection = Complete(_acceptArgs, out result);
        return true;
    }

    public override PipeConnection? TakeAccepted() => Interlocked.Exchange(ref _accepted, null);

    public override PipeConnection? Accept(out IoResult result)
    {
        var socket = _socket ?? throw new InvalidOperationException("The listener is not started.");
        try
        {
            result = default;
            return new SocketConnection(socket.Accept());
        }
        catch (SocketException ex)
        {
            result = IoErrors.FromAccept(ex.SocketErrorCode, Volatile.Read(ref _disposed) != 0);
            return null;
        }
        catch (ObjectDisposedException)
        {
            result = IoResult.Aborted;
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
        Volatile.Write(ref _accepted, Complete(args, out var result));
        PostAccept(result);
    }

    private SocketConnection? Complete(SocketAsyncEventArgs args, out IoResult result)
    {
        result = IoErrors.FromAccept(args.SocketError, Volatile.Read(ref _disposed) != 0);
        var accepted = args.AcceptSocket;
        args.AcceptSocket = null;
        if (!result.Succeeded || accepted is null)
        {
            accepted?.Dispose();
            return null;
        }

        return new SocketConnection(accepted);
    }
}
