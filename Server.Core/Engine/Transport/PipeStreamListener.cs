using System.IO.Pipes;
using IocpAdmin.Protocol;

namespace IocpAdmin.Server.Engine.Transport;

/// <summary>
/// The pipe on Windows (<c>\\.\pipe\&lt;name&gt;</c>) through <see cref="NamedPipeServerStream"/>:
/// one server instance waits for a client at a time, and a new one is created as each connects.
/// </summary>
internal sealed class PipeStreamListener : PipeListener
{
    // Buffer sizes of each pipe instance: the 4 KiB page the Windows pipe file system uses by default.
    private const int BufferSize = 4096;

    private readonly string _name;
    private readonly CancellationTokenSource _stopping = new();
    private NamedPipeServerStream? _next;
    private NamedPipeServerStream? _waiting;
    private Task? _wait;
    private PipeConnection? _accepted;
    private int _disposed;

    private readonly PipeAccessKind _access;
    private readonly IReadOnlyList<string> _groups;
    private object? _security;

    public PipeStreamListener(string pipeName, PipeAccessKind access = PipeAccessKind.Owner, IReadOnlyList<string>? groups = null)
    {
        _name = pipeName;
        _access = access;
        _groups = groups ?? [];
        Address = PipeAddress.Of(pipeName);
    }

    public override string Address { get; }

    public override void Start()
    {
        if (!OperatingSystem.IsWindows())
        {
            UnixSocketPath.EnsureFits(Address);
            UnixSocketPath.RemoveIfStale(Address);
        }

        if (OperatingSystem.IsWindows())
        {
            _security = PipeAcl.Create(_access, _groups);
        }

        try
        {
            // The first instance claims the name: on Windows FirstPipeInstance fails if another
            // server already created it, instead of silently sharing its clients.
            _next = Create(OperatingSystem.IsWindows() ? PipeOptions.FirstPipeInstance : PipeOptions.None);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new PipeUnavailableException($"Cannot create the pipe '{Address}': {ex.Message}", ex);
        }
    }

    public override bool StartAccept(out PipeConnection? connection, out IoResult result)
    {
        NamedPipeServerStream server;
        try
        {
            server = Interlocked.Exchange(ref _next, null) ?? Create(PipeOptions.None);
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException)
        {
            connection = null;
            result = Failed(ex);
            return true;
        }

        _waiting = server;
        PrepareSpare();
        _wait = server.WaitForConnectionAsync(_stopping.Token);
        if (_wait.IsCompleted)
        {
            connection = Complete(server, _wait, out result);
            return true;
        }

        _wait.ConfigureAwait(false).GetAwaiter().UnsafeOnCompleted(OnWaitCompleted);
        connection = null;
        result = default;
        return false;
    }

    public override PipeConnection? TakeAccepted() => Interlocked.Exchange(ref _accepted, null);

    public override PipeConnection? Accept(out IoResult result)
    {
        NamedPipeServerStream? server = null;
        try
        {
            server = Interlocked.Exchange(ref _next, null) ?? Create(PipeOptions.None);
            _waiting = server;
            PrepareSpare();
            server.WaitForConnectionAsync(_stopping.Token).GetAwaiter().GetResult();
            result = default;
            return new PipeStreamConnection(server);
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or OperationCanceledException)
        {
            server?.Dispose();
            result = Failed(ex);
            return null;
        }
    }

    public override void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _stopping.Cancel();
        Interlocked.Exchange(ref _next, null)?.Dispose();
        _waiting?.Dispose();
    }

    /// <summary>
    /// Creates the next instance before this one is handed over. On Unix every instance of a name
    /// shares one listening socket, which lives while any instance does: with none left between the
    /// connection being taken and the next instance, the socket file was removed and a client
    /// connecting just then got "file not found". On Windows the spare is one more instance a client
    /// can connect to while the server takes the previous one. A failure here is retried by the next accept.
    /// </summary>
    private void PrepareSpare()
    {
        if (Volatile.Read(ref _next) is not null || Volatile.Read(ref _disposed) != 0)
        {
            return;
        }

        try
        {
            var spare = Create(PipeOptions.None);
            if (Interlocked.CompareExchange(ref _next, spare, null) is not null)
            {
                spare.Dispose();
            }
            else if (Volatile.Read(ref _disposed) != 0)
            {
                // Disposed meanwhile: the spare must not outlive the listener.
                Interlocked.Exchange(ref _next, null)?.Dispose();
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Out of instances or handles for now, or refused: StartAccept creates one when it needs
            // it and reports what stops it.
        }
    }

    private void OnWaitCompleted()
    {
        var server = _waiting!;
        Volatile.Write(ref _accepted, Complete(server, _wait!, out var result));
        PostAccept(result);
    }

    private PipeStreamConnection? Complete(NamedPipeServerStream server, Task wait, out IoResult result)
    {
        if (wait.IsCompletedSuccessfully)
        {
            result = default;
            return new PipeStreamConnection(server);
        }

        server.Dispose();
        result = wait.IsCanceled ? IoResult.Aborted : Failed(wait.Exception?.InnerException);
        return null;
    }

    private IoResult Failed(Exception? exception)
    {
        var stopped = Volatile.Read(ref _disposed) != 0;
        return exception is IOException io ? IoErrors.FromException(io, stopped)
            : stopped || exception is ObjectDisposedException or OperationCanceledException ? IoResult.Aborted
            : new IoResult(0, IoErrorKind.Unexpected);
    }

    private NamedPipeServerStream Create(PipeOptions extra) => OperatingSystem.IsWindows() && _security is PipeSecurity security
        ? NamedPipeServerStreamAcl.Create(_name, PipeDirection.InOut, NamedPipeServerStream.MaxAllowedServerInstances, PipeTransmissionMode.Byte,
            PipeOptions.Asynchronous | extra, BufferSize, BufferSize, security)
        : new(
        _name,
        PipeDirection.InOut,
        NamedPipeServerStream.MaxAllowedServerInstances,
        PipeTransmissionMode.Byte,
        PipeOptions.Asynchronous | extra,
        BufferSize,
        BufferSize);
}
