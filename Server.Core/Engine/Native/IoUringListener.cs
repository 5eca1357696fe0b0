using IocpAdmin.Server.Engine.Transport;

namespace IocpAdmin.Server.Engine.Native;

/// <summary>The listener on an io_uring: an ACCEPT entry waits for the next client when none is queued.</summary>
internal sealed class IoUringListener : NativeListener
{
    private readonly IoUringPort _port;
    private readonly Lock _armGate = new();
    private int _armed;
    private bool _polling;

    public IoUringListener(string pipeName, UnixFileMode fileMode, int backlog, IoUringPort port)
        : base(pipeName, fileMode, backlog) => _port = port;

    public override bool OnEvent(in KernelEvent kernelEvent, out CompletionPacket packet)
    {
        // Kernels before 5.18 finish an ACCEPT on a non-blocking listener at once with EAGAIN when
        // no client waits. Then the listener waits with a poll, and on readability accepts inline.
        var pollDone = _polling;
        _polling = false;
        if ((pollDone || kernelEvent.Result == -Libc.EAGAIN) && !IsDisposed)
        {
            if (TryAccept(out var connection, out var result))
            {
                Volatile.Write(ref _armed, 0);
                packet = Deliver(connection, result);
                return true;
            }

            _polling = true;
            _port.Queue(new IoUring.Sqe { Opcode = IoUring.OpPollAdd, Fd = Fd, OpFlags = (uint)Libc.PollIn, UserData = Token });
            packet = default;
            return false;
        }

        Volatile.Write(ref _armed, 0);
        packet = pollDone ? Deliver(null, IoResult.Aborted) : Accepted(kernelEvent.Result);
        if (IsDisposed)
        {
            _port.Targets.Unregister(this);
        }

        return true;
    }

    public override bool OnPortClosed()
    {
        _port.Targets.Unregister(this);
        return Volatile.Read(ref _armed) != 0;
    }

    protected override PipeConnection CreateConnection(int fd) => new IoUringConnection(fd, _port);

    protected override void OnStarted() => _port.Targets.Register(this);

    protected override void Arm()
    {
        // Under the same lock as OnDisposing: an accept armed after the dispose looked would hold
        // the closing socket (and the client it accepts) until the ring closes.
        lock (_armGate)
        {
            if (IsDisposed)
            {
                return;
            }

            Volatile.Write(ref _armed, 1);
            QueueAccept();
        }
    }

    private void QueueAccept()
    {
        _port.Queue(new IoUring.Sqe
        {
            Opcode = IoUring.OpAccept,
            Fd = Fd,
            OpFlags = Libc.SockNonBlock | Libc.SockCloExec,
            UserData = Token,
        });
    }

    protected override void OnDisposing()
    {
        lock (_armGate)
        {
            if (Volatile.Read(ref _armed) == 0)
            {
                _port.Targets.Unregister(this);
                return;
            }
        }

        // The pending ACCEPT holds its own reference to the socket: closing it would not end the
        // accept. Cancel it; its completion (-ECANCELED, or a client accepted just before, which
        // Accepted closes) unregisters the listener.
        _port.QueueAndSubmit(new IoUring.Sqe { Opcode = IoUring.OpAsyncCancel, Address = Token });
    }
}
