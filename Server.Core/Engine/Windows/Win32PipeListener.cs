using System.ComponentModel;
using System.Runtime.InteropServices;
using System.Runtime.Versioning;
using IocpAdmin.Protocol;
using IocpAdmin.Server.Engine.Transport;

namespace IocpAdmin.Server.Engine.Windows;

/// <summary>
/// The named pipe for the Win32 source: several instances wait for clients at once (as libuv keeps
/// several pending accepts on a pipe), each an overlapped ConnectNamedPipe on the port, so a client
/// arriving while the server takes the previous one finds an instance and not ERROR_PIPE_BUSY. A
/// connected instance waits in a queue until the engine takes it; a new one replaces it at once.
/// </summary>
[SupportedOSPlatform("windows")]
internal sealed unsafe class Win32PipeListener : PipeListener
{
    /// <summary>Instances waiting for a client at most, whatever <c>Engine:ListenBacklog</c> says.</summary>
    public const int MaxWaitingInstances = 64;

    // Each instance's in and out buffers: the 4 KiB page the pipe file system uses by default, as
    // the managed pipe transport's.
    private const uint BufferSize = 4096;

    private readonly string _name;
    private readonly Win32Port _port;
    private readonly PipeAccessKind _access;
    private readonly IReadOnlyList<string> _groups;
    private readonly int _waitingTarget;
    private readonly Lock _gate = new();
    private readonly Queue<Win32PipeConnection> _ready = new();
    private readonly HashSet<Win32PipeConnection> _waiting = [];
    private byte* _securityDescriptor;
    private int _creating;
    private IoResult _failure;
    private bool _engineWaiting;
    private int _disposed;

    public Win32PipeListener(string pipeName, PipeAccessKind access, IReadOnlyList<string> groups, int backlog, int maxClients, Win32Port port)
    {
        _name = PipeAddress.Of(pipeName);
        _port = port;
        _access = access;
        _groups = groups;
        _waitingTarget = Math.Clamp(backlog, 1, MaxWaitingInstances);
        MaxInstances = (long)maxClients + (2L * _waitingTarget);
        Address = _name;
    }

    public override string Address { get; }

    /// <summary>
    /// Instances that can exist at once: connected clients (<c>Engine:MaxClients</c>; the engine
    /// answers more with BUSY), the instances waiting, and as many more answering BUSY. The server
    /// keeps this bound itself; the pipe's own instance limit is left unlimited, since reaching it
    /// would make a client wait for ERROR_PIPE_BUSY to clear instead of reading the BUSY frame.
    /// </summary>
    public long MaxInstances { get; }

    private bool IsDisposed => Volatile.Read(ref _disposed) != 0;

    public override void Start()
    {
        if (!OperatingSystem.IsWindows())
        {
            throw new PipeUnavailableException("The Win32 pipe transport needs Windows.");
        }

        var descriptor = PipeAcl.Create(_access, _groups).GetSecurityDescriptorBinaryForm();
        _securityDescriptor = (byte*)NativeMemory.Alloc((nuint)descriptor.Length);
        descriptor.CopyTo(new Span<byte>(_securityDescriptor, descriptor.Length));

        // The first instance claims the name: FILE_FLAG_FIRST_PIPE_INSTANCE fails if another server
        // already created it, instead of silently sharing its clients.
        var first = CreateInstance(firstInstance: true, out var error)
            ?? throw new PipeUnavailableException(error == Kernel32.ErrorAccessDenied
                ? $"Cannot create the pipe '{Address}': it is in use by another running server (or this account may not create it)."
                : $"Cannot create the pipe '{Address}': {new Win32Exception(error).Message}");
        Listen(first, reserved: false);
        TopUp();
    }

    public override bool StartAccept(out PipeConnection? connection, out IoResult result)
    {
        TopUp();
        lock (_gate)
        {
            if (_ready.TryDequeue(out var ready))
            {
                connection = ready;
                result = default;
                return true;
            }

            connection = null;
            if (IsDisposed || _failure.Error != IoErrorKind.None)
            {
                result = IsDisposed ? IoResult.Aborted : _failure;
                _failure = default;
                return true;
            }

            _engineWaiting = true;
            result = default;
            return false;
        }
    }

    public override PipeConnection? TakeAccepted()
    {
        lock (_gate)
        {
            return _ready.TryDequeue(out var ready) ? ready : null;
        }
    }

    /// <summary>Not served: this transport's accepts complete on the port, which thread per client does not have (it runs the managed pipe).</summary>
    public override PipeConnection? Accept(out IoResult result) =>
        throw new NotSupportedException("The Win32 pipe transport serves the completion-port engine; thread per client runs on the managed pipe.");

    public override void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        List<Win32PipeConnection> instances;
        lock (_gate)
        {
            instances = [.. _waiting, .. _ready];
            _waiting.Clear();
            _ready.Clear();
        }

        // A waiting instance's cancelled connect completes on the port and releases it.
        foreach (var instance in instances)
        {
            instance.Dispose();
        }

        lock (_gate)
        {
            FreeDescriptorIfIdle();
        }
    }

    /// <summary>
    /// On a worker: a waiting instance's connect finished. True (with an Accept packet) when the
    /// engine waits for one; its accept loop then takes the client and tops the waiting instances up,
    /// inside the handler's own containment.
    /// </summary>
    internal bool OnConnectCompleted(Win32PipeConnection instance, int error, out CompletionPacket packet)
    {
        packet = default;
        lock (_gate)
        {
            if (!_waiting.Remove(instance))
            {
                // Cancelled by Dispose, which owns it now.
                return false;
            }
        }

        switch (error)
        {
            case 0 or Kernel32.ErrorPipeConnected or Kernel32.ErrorNoData:
                // ERROR_NO_DATA: connected and already closed; what it wrote is still read and run.
                instance.OnConnected();
                Enqueue(instance);
                break;
            case Kernel32.ErrorBrokenPipe or Kernel32.ErrorOperationAborted:
                // Gone with nothing to read, or cancelled as the listener closed.
                instance.Dispose();
                break;
            default:
                instance.Dispose();
                Fail(error);
                break;
        }

        lock (_gate)
        {
            if (!_engineWaiting)
            {
                // The engine is in its accept loop, or backing off: it tops up at its next accept.
                return false;
            }

            _engineWaiting = false;
        }

        packet = CompletionPacket.Control(CompletionKeys.Listener, CompletionKind.Accept);
        return true;
    }

    /// <summary>Creates instances until the target number wait for a client; a failure is kept for the engine's next accept.</summary>
    private void TopUp()
    {
        while (true)
        {
            lock (_gate)
            {
                if (IsDisposed || _failure.Error != IoErrorKind.None || _waiting.Count + _creating >= _waitingTarget)
                {
                    return;
                }

                _creating++;
            }

            var instance = CreateInstance(firstInstance: false, out var error);
            if (instance is null)
            {
                lock (_gate)
                {
                    _creating--;
                    FreeDescriptorIfIdle();
                }

                Fail(error);
                return;
            }

            Listen(instance, reserved: true);
        }
    }

    /// <summary>
    /// Waits for a client on <paramref name="instance"/>; one that is already there goes straight to
    /// the queue. <paramref name="reserved"/>: it was counted in <see cref="_creating"/> until now.
    /// </summary>
    private void Listen(Win32PipeConnection instance, bool reserved)
    {
        var closed = false;
        lock (_gate)
        {
            if (reserved)
            {
                _creating--;
            }

            if (IsDisposed)
            {
                FreeDescriptorIfIdle();
                closed = true;
            }
            else
            {
                // Published with its connect's reference already taken: the connect may complete on
                // another worker before BeginConnect returns, and Dispose may run meanwhile.
                instance.ReserveConnect();
                _waiting.Add(instance);
            }
        }

        if (closed)
        {
            instance.Dispose();
            return;
        }

        var outcome = instance.BeginConnect(out var error);
        if (outcome == ConnectOutcome.Pending)
        {
            return;
        }

        lock (_gate)
        {
            _waiting.Remove(instance);
        }

        switch (outcome)
        {
            case ConnectOutcome.Connected:
                Enqueue(instance);
                break;
            case ConnectOutcome.ClientGone:
                instance.Dispose();
                break;
            default:
                instance.Dispose();
                Fail(error);
                break;
        }
    }

    /// <summary>Under the lock: once the listener is closed and no instance is being created, the descriptor goes.</summary>
    private void FreeDescriptorIfIdle()
    {
        if (IsDisposed && _creating == 0 && _securityDescriptor is not null)
        {
            NativeMemory.Free(_securityDescriptor);
            _securityDescriptor = null;
        }
    }

    private void Enqueue(Win32PipeConnection instance)
    {
        lock (_gate)
        {
            if (!IsDisposed)
            {
                _ready.Enqueue(instance);
                return;
            }
        }

        instance.Dispose();
    }

    private void Fail(int error)
    {
        lock (_gate)
        {
            _failure = IoErrors.FromWin32(error, receiving: false, IsDisposed) is { Error: not IoErrorKind.None } failure
                ? failure with { Error = failure.Error == IoErrorKind.Aborted && !IsDisposed ? IoErrorKind.Unexpected : failure.Error }
                : new IoResult(0, IoErrorKind.Unexpected, error);
        }
    }

    private Win32PipeConnection? CreateInstance(bool firstInstance, out int error)
    {
        var attributes = new Kernel32.SecurityAttributes
        {
            Length = sizeof(Kernel32.SecurityAttributes),
            SecurityDescriptor = _securityDescriptor,
        };
        var openMode = Kernel32.PipeAccessDuplex | Kernel32.FileFlagOverlapped | (firstInstance ? Kernel32.FileFlagFirstPipeInstance : 0);
        // Byte stream both ways; clients on other machines are refused (the protocol is local).
        var pipeMode = Kernel32.PipeTypeByte | Kernel32.PipeReadModeByte | Kernel32.PipeWait | Kernel32.PipeRejectRemoteClients;
        var handle = Kernel32.CreateNamedPipeW(_name, openMode, pipeMode, Kernel32.PipeUnlimitedInstances, BufferSize, BufferSize, 0, &attributes);
        if (handle == Kernel32.InvalidHandle)
        {
            error = Kernel32.LastError;
            return null;
        }

        return Win32PipeConnection.TryWrap(handle, _port, this, out error);
    }
}
