using System.Buffers;
using System.Runtime.InteropServices;
using System.Runtime.Versioning;
using IocpAdmin.Server.Engine.Transport;

namespace IocpAdmin.Server.Engine.Windows;

/// <summary>
/// One instance of the named pipe (CreateNamedPipeW, overlapped), associated with the
/// <see cref="Win32Port"/> once, under its token: first it waits for a client (ConnectNamedPipe, for
/// the listener), then it is that client's connection. ReadFile and WriteFile are overlapped and
/// complete on the port; one that finishes at once queues no packet (FILE_SKIP_COMPLETION_PORT_ON_SUCCESS)
/// and is handled inline. The zero-byte ReadFile waits for data without a buffer, as libuv's pipes do.
/// </summary>
/// <remarks>
/// The OVERLAPPEDs live in native memory that never moves, and that memory, the handle and a
/// buffer's pin are released only when no operation is in the kernel: <see cref="_refs"/> counts the
/// owner (the listener, then the session) and each operation the kernel holds.
/// </remarks>
[SupportedOSPlatform("windows")]
internal sealed unsafe partial class Win32PipeConnection : PipeConnection, IWin32Target
{
    // Slots of the OVERLAPPED block: the connect and then every receive (never outstanding at the
    // same time), the sends, and blocking calls (whose event's low bit keeps them off the port).
    private const int ReceiveSlot = 0;
    private const int SendSlot = 1;
    private const int BlockingSlot = 2;
    private const int Slots = 3;

    // What a zero-byte ReadFile points at: a real address, as libuv passes, though nothing is written.
    private static readonly byte* s_zero = (byte*)NativeMemory.AllocZeroed(1);

    private readonly Win32Port _port;
    private readonly Win32PipeListener _listener;
    private readonly Win32Handle _handle;
    private readonly NativeOverlapped* _overlapped;
    private MemoryHandle _receivePin;
    private MemoryHandle _sendPin;
    private int _receiveLength;
    private int _refs = 1;
    private int _connected;
    private PeerIdentity _peer;

    private Win32PipeConnection(nint handle, Win32Port port, Win32PipeListener listener)
    {
        _handle = new Win32Handle(handle);
        _port = port;
        _listener = listener;
        _overlapped = (NativeOverlapped*)NativeMemory.AllocZeroed((nuint)(Slots * sizeof(NativeOverlapped)));
        port.Targets.Register(this);
    }

    public ulong Token { get; set; }

    public override bool SupportsWaitForData => true;

    public override PeerIdentity Peer => _peer;

    /// <summary>
    /// Wraps a new pipe instance: associates it with the port under its token and asks for no packet
    /// when an operation finishes at once. Null (with the Win32 error) when Windows refuses either;
    /// the instance is then closed.
    /// </summary>
    public static Win32PipeConnection? TryWrap(nint handle, Win32Port port, Win32PipeListener listener, out int error)
    {
        var instance = new Win32PipeConnection(handle, port, listener);
        if (!port.Associate(handle, instance.Token, out error))
        {
            instance.Dispose();
            return null;
        }

        if (!Kernel32.SetFileCompletionNotificationModes(handle, Kernel32.FileSkipCompletionPortOnSuccess))
        {
            // Without the skip mode an operation that finished at once would also queue a packet
            // and be handled twice: no instance runs without it.
            error = Kernel32.LastError;
            instance.Dispose();
            return null;
        }

        return instance;
    }

    /// <summary>
    /// Takes the reference the connect will hold, under the listener's lock before the listener
    /// publishes the instance: a listener closing meanwhile then only drops the owner's part and can
    /// never free the OVERLAPPED that <see cref="BeginConnect"/> is about to use.
    /// </summary>
    public void ReserveConnect() => Interlocked.Increment(ref _refs);

    /// <summary>
    /// Starts waiting for a client (the reference is <see cref="ReserveConnect"/>'s). Connected or
    /// gone at once is said without a packet; pending posts one.
    /// </summary>
    public ConnectOutcome BeginConnect(out int error)
    {
        var overlapped = Slot(ReceiveSlot);
        *overlapped = default;
        var ok = false;
        error = Kernel32.ErrorInvalidHandle;
        if (Volatile.Read(ref _disposed) == 0 && _handle.TryBeginUse(out var handle))
        {
            try
            {
                ok = Kernel32.ConnectNamedPipe(handle, overlapped);
                error = ok ? 0 : Kernel32.LastError;
                if (error == Kernel32.ErrorIoPending && Volatile.Read(ref _disposed) != 0)
                {
                    // The listener closed while this connect was being issued and found nothing to cancel.
                    Kernel32.CancelIoEx(handle, overlapped);
                }
            }
            finally
            {
                _handle.EndUse();
            }
        }

        if (!ok && error == Kernel32.ErrorIoPending)
        {
            return ConnectOutcome.Pending;
        }

        // Finished at once: no packet is queued, neither for success nor for a failure. ERROR_NO_DATA:
        // the client connected, wrote and closed before this call; what it wrote can still be read
        // (then end of stream), and protocol rule 6 says its complete requests run.
        ReleaseRef();
        return ok || error is Kernel32.ErrorPipeConnected or Kernel32.ErrorNoData ? Connected()
            : error == Kernel32.ErrorBrokenPipe ? ConnectOutcome.ClientGone
            : ConnectOutcome.Failed;
    }

    public override bool StartReceive(Memory<byte> buffer, out IoResult result)
    {
        if (IsDraining)
        {
            result = ReceiveWhileDraining(buffer.Span);
            return true;
        }

        _receivePin = buffer.IsEmpty ? default : buffer.Pin();
        _receiveLength = buffer.Length;
        if (!IssueReceive(out result))
        {
            return false;
        }

        _receivePin.Dispose();
        return true;
    }

    public override bool StartSend(ReadOnlyMemory<byte> buffer, out IoResult result)
    {
        var overlapped = Slot(SendSlot);
        *overlapped = default;
        _sendPin = buffer.Pin();
        Interlocked.Increment(ref _refs);
        var ok = false;
        var error = Kernel32.ErrorInvalidHandle;
        if (_handle.TryBeginUse(out var handle))
        {
            try
            {
                ok = Kernel32.WriteFile(handle, (byte*)_sendPin.Pointer, (uint)buffer.Length, null, overlapped);
                error = ok ? 0 : Kernel32.LastError;
            }
            finally
            {
                _handle.EndUse();
            }
        }

        if (error == Kernel32.ErrorIoPending)
        {
            result = default;
            return false;
        }

        result = ok ? new IoResult((int)overlapped->InternalHigh, IoErrorKind.None) : IoErrors.FromWin32(error, receiving: false, IsAborted);
        _sendPin.Dispose();
        ReleaseRef();
        return true;
    }

    public bool OnCompletion(NativeOverlapped* overlapped, out CompletionPacket packet)
    {
        // The kernel wrote the outcome into the OVERLAPPED before it queued the completion.
        var status = (int)overlapped->InternalLow;
        var error = status == 0 ? 0 : Kernel32.RtlNtStatusToDosError(status);
        var bytes = (int)overlapped->InternalHigh;
        bool run;
        if (overlapped == Slot(ReceiveSlot) && Volatile.Read(ref _connected) == 0)
        {
            run = _listener.OnConnectCompleted(this, error, out packet);
        }
        else if (overlapped == Slot(ReceiveSlot))
        {
            IoResult result;
            if (error == 0 && bytes == 0 && _receiveLength > 0 && !IsDraining && Volatile.Read(ref _disposed) == 0)
            {
                // A zero-length write by the client: read again (see IssueReceive). This completion's
                // reference goes below; the new read holds its own.
                if (!IssueReceive(out result))
                {
                    ReleaseRef();
                    packet = default;
                    return false;
                }
            }
            else
            {
                result = error == 0 ? new IoResult(bytes, IoErrorKind.None)
                    : error == Kernel32.ErrorOperationAborted && IsDraining && !IsAborted ? ReceiveAfterDrainCancel()
                    : IoErrors.FromWin32(error, receiving: true, IsAborted);
            }

            _receivePin.Dispose();
            packet = PacketFor(CompletionKind.Receive, result);
            run = true;
        }
        else if (overlapped == Slot(SendSlot))
        {
            _sendPin.Dispose();
            packet = PacketFor(CompletionKind.Send, error == 0 ? new IoResult(bytes, IoErrorKind.None) : IoErrors.FromWin32(error, receiving: false, IsAborted));
            run = true;
        }
        else
        {
            Environment.FailFast($"A completion for pipe instance {Token:X} names an OVERLAPPED it does not own.");
            packet = default;
            return false;
        }

        ReleaseRef();
        return run;
    }

    /// <summary>
    /// Issues the receive into the pinned buffer (or the zero-byte wait). True when it finished at
    /// once, with <paramref name="result"/>; false when its completion comes through the port. A
    /// read into a buffer that succeeds with 0 bytes is a client's zero-length write, not its end
    /// (that is ERROR_BROKEN_PIPE): it is read again, as a socket would not report it at all.
    /// </summary>
    private bool IssueReceive(out IoResult result)
    {
        var overlapped = Slot(ReceiveSlot);
        var pointer = _receiveLength == 0 ? s_zero : (byte*)_receivePin.Pointer;
        while (true)
        {
            *overlapped = default;
            Interlocked.Increment(ref _refs);
            var ok = false;
            var error = Kernel32.ErrorInvalidHandle;
            if (_handle.TryBeginUse(out var handle))
            {
                try
                {
                    ok = Kernel32.ReadFile(handle, pointer, (uint)_receiveLength, null, overlapped);
                    error = ok ? 0 : Kernel32.LastError;
                    if (error == Kernel32.ErrorIoPending && IsDraining)
                    {
                        // The drain came while this receive was being issued and found nothing to cancel.
                        Kernel32.CancelIoEx(handle, overlapped);
                    }
                }
                finally
                {
                    _handle.EndUse();
                }
            }

            if (error == Kernel32.ErrorIoPending)
            {
                result = default;
                return false;
            }

            // Finished at once: skip-on-success queued no packet.
            var bytes = (int)overlapped->InternalHigh;
            ReleaseRef();
            if (ok && bytes == 0 && _receiveLength > 0 && !IsDraining)
            {
                continue;
            }

            result = ok ? new IoResult(bytes, IoErrorKind.None) : IoErrors.FromWin32(error, receiving: true, IsAborted);
            return true;
        }
    }

    /// <summary>The connect finished (at once or on the port): who the client is.</summary>
    private ConnectOutcome Connected()
    {
        uint processId = 0;
        if (_handle.TryBeginUse(out var handle))
        {
            try
            {
                _peer = Kernel32.GetNamedPipeClientProcessId(handle, &processId) ? new PeerIdentity((int)processId, null) : default;
            }
            finally
            {
                _handle.EndUse();
            }
        }

        Volatile.Write(ref _connected, 1);
        return ConnectOutcome.Connected;
    }

    /// <summary>After a connect's completion on the port: the client is there.</summary>
    internal void OnConnected() => Connected();

    private NativeOverlapped* Slot(int slot) => _overlapped + slot;
}
