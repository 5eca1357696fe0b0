using System.IO.Pipes;
using IocpAdmin.Protocol;

namespace IocpAdmin.Server.Engine.Transport;

/// <summary>
/// The pipe on Windows (<c>\\.\pipe\&lt;name&gt;</c>) through <see cref="NamedPipeServerStream"/>
/// (and on Unix for tests): two instances wait for a client at once, and one is created in place of
/// each that connects, so a client arriving while the server takes the previous one finds an instance
/// already waiting. On Unix every instance of a name shares one listening socket that lives while any
/// instance does: with a single instance, the socket file disappeared between one being taken and the
/// next being created, and a client connecting then got "file not found". On Windows a client can
/// connect to an instance before the server waits on it; one that also wrote and closed by then is
/// refused with its requests unread (ERROR_NO_DATA: <see cref="NamedPipeServerStream"/> offers no way
/// to read it), so every instance waits from the moment it is made. What is left is the moment between
/// an instance's CreateNamedPipe and its ConnectNamedPipe; the Win32 source serves such a client.
/// </summary>
internal sealed class PipeStreamListener : PipeListener
{
    // Buffer sizes of each pipe instance: the 4 KiB page the Windows pipe file system uses by default.
    private const int BufferSize = 4096;

    // Instances waiting at once: one to be taken and one for the client after it.
    private const int WaitingInstances = 2;

    private readonly string _name;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Lock _gate = new();

    // Instances waiting, or connected and not yet taken (in creation order). Guarded by _gate.
    private readonly List<Instance> _instances = new(WaitingInstances);

    // StartAccept returned false: the next connection (or failure) is posted. Guarded by _gate.
    private bool _armed;
    private PipeConnection? _accepted;
    private bool _disposed;

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

        NamedPipeServerStream first;
        try
        {
            // The first instance claims the name: on Windows FirstPipeInstance fails if another
            // server already created it, instead of silently sharing its clients.
            first = Create(OperatingSystem.IsWindows() ? PipeOptions.FirstPipeInstance : PipeOptions.None);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new PipeUnavailableException($"Cannot create the pipe '{Address}': {ex.Message}", ex);
        }

        var instance = Wait(first);
        lock (_gate)
        {
            _instances.Add(instance);
        }

        Watch(instance);
    }

    public override bool StartAccept(out PipeConnection? connection, out IoResult result)
    {
        var failure = TopUp();
        Instance? done;
        lock (_gate)
        {
            done = TakeCompleted();
            if (done is null)
            {
                if (_instances.Count == 0)
                {
                    // Nothing waits, so nothing would be posted: say why now.
                    connection = null;
                    result = _disposed ? IoResult.Aborted : failure;
                    return true;
                }

                _armed = true;
                connection = null;
                result = default;
                return false;
            }
        }

        connection = Complete(done, out result);
        TopUp();
        return true;
    }

    public override PipeConnection? TakeAccepted() => Interlocked.Exchange(ref _accepted, null);

    public override PipeConnection? Accept(out IoResult result)
    {
        while (true)
        {
            var failure = TopUp();
            Instance? done;
            Task[] waits;
            lock (_gate)
            {
                done = TakeCompleted();
                if (done is null && _instances.Count == 0)
                {
                    result = _disposed ? IoResult.Aborted : failure;
                    return null;
                }

                waits = done is null ? [.. _instances.Select(static instance => instance.Connected)] : [];
            }

            if (done is not null)
            {
                var connection = Complete(done, out result);
                TopUp();
                return connection;
            }

            Task.WaitAny(waits);
        }
    }

    public override void Dispose()
    {
        Instance[] instances;
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            instances = [.. _instances];
            _instances.Clear();
        }

        _stopping.Cancel();
        foreach (var instance in instances)
        {
            instance.Server.Dispose();
        }
    }

    /// <summary>
    /// Creates instances until <see cref="WaitingInstances"/> wait. The failure is what stopped it,
    /// reported by an accept only when no instance is left (else the next accept tries again).
    /// </summary>
    private IoResult TopUp()
    {
        while (true)
        {
            lock (_gate)
            {
                if (_disposed || _instances.Count >= WaitingInstances)
                {
                    return default;
                }
            }

            NamedPipeServerStream server;
            try
            {
                server = Create(PipeOptions.None);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // Out of instances or handles for now, or refused.
                return ex is IOException io ? IoErrors.FromException(io, abortedByUs: false) : new IoResult(0, IoErrorKind.Unexpected);
            }

            var instance = Wait(server);
            bool added;
            lock (_gate)
            {
                added = !_disposed;
                if (added)
                {
                    _instances.Add(instance);
                }
            }

            if (!added)
            {
                // Disposed meanwhile: the instance must not outlive the listener.
                server.Dispose();
                return default;
            }

            Watch(instance);
        }
    }

    /// <summary>Starts an instance's wait for a client.</summary>
    private Instance Wait(NamedPipeServerStream server)
    {
        Task connected;
        try
        {
            connected = server.WaitForConnectionAsync(_stopping.Token);
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or InvalidOperationException)
        {
            connected = Task.FromException(ex);
        }

        return new Instance(server, connected);
    }

    /// <summary>
    /// Once an instance is in the list: its completion is posted if an accept is armed then (else the
    /// next accept finds it completed).
    /// </summary>
    private void Watch(Instance instance) =>
        instance.Connected.ConfigureAwait(false).GetAwaiter().UnsafeOnCompleted(() => OnWaitCompleted(instance));

    private void OnWaitCompleted(Instance instance)
    {
        lock (_gate)
        {
            // Not armed: the next accept finds it completed. Taken or disposed: nothing to do.
            if (!_armed || !_instances.Remove(instance))
            {
                return;
            }

            _armed = false;
        }

        var connection = Complete(instance, out var result);
        TopUp();
        Volatile.Write(ref _accepted, connection);
        PostAccept(result);
    }

    /// <summary>The first instance whose wait has finished, removed from the list; null if none has.</summary>
    private Instance? TakeCompleted()
    {
        for (var i = 0; i < _instances.Count; i++)
        {
            if (_instances[i].Connected.IsCompleted)
            {
                var instance = _instances[i];
                _instances.RemoveAt(i);
                return instance;
            }
        }

        return null;
    }

    private PipeStreamConnection? Complete(Instance instance, out IoResult result)
    {
        if (instance.Connected.IsCompletedSuccessfully)
        {
            result = default;
            return new PipeStreamConnection(instance.Server);
        }

        instance.Server.Dispose();
        result = instance.Connected.IsCanceled ? IoResult.Aborted : Failed(instance.Connected.Exception?.InnerException);
        return null;
    }

    private IoResult Failed(Exception? exception)
    {
        bool stopped;
        lock (_gate)
        {
            stopped = _disposed;
        }

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

    private sealed class Instance(NamedPipeServerStream server, Task connected)
    {
        public NamedPipeServerStream Server { get; } = server;

        public Task Connected { get; } = connected;
    }
}
