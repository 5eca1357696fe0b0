using IocpAdmin.Server.Engine.Transport;

namespace IocpAdmin.Server.Engine.Native;

/// <summary>The listener on an io_uring: an ACCEPT entry waits for the next client when none is queued.</summary>
internal sealed class IoUringListener : NativeListener
{
    private readonly IoUringPort _port;
    private int _armed;

    public IoUringListener(string pipeName, UnixFileMode fileMode, int backlog, IoUringPort port)
        : base(pipeName, fileMode, backlog) => _port = port;

    public override bool OnEvent(in KernelEvent kernelEvent, out CompletionPacket packet)
    {
        Volatile.Write(ref _armed, 0);
        packet = Accepted(kernelEvent.Result);
        if (IsDisposed)
        {
            _port.Targets.Unregister(this);
        }

        return true;
    }

    public override void OnPortClosed() => _port.Targets.Unregister(this);

    protected override PipeConnection CreateConnection(int fd) => new IoUringConnection(fd, _port);

    protected override void OnStarted() => _port.Targets.Register(this);

    protected override void Arm()
    {
        Volatile.Write(ref _armed, 1);
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
        if (Volatile.Read(ref _armed) == 0)
        {
            _port.Targets.Unregister(this);
            return;
        }

        // The pending ACCEPT holds its own reference to the socket: closing it would not end the
        // accept. Cancel it; its completion (-ECANCELED, or a client accepted just before, which
        // Accepted closes) unregisters the listener.
        _port.QueueAndSubmit(new IoUring.Sqe { Opcode = IoUring.OpAsyncCancel, Address = Token });
    }
}
