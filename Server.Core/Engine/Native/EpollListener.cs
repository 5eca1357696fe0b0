using IocpAdmin.Server.Engine.Transport;

namespace IocpAdmin.Server.Engine.Native;

/// <summary>The listener on an epoll set: armed one-shot for readability, and the worker taking the event accepts.</summary>
internal sealed class EpollListener : NativeListener
{
    private readonly EpollPort _port;
    private int _addError;

    public EpollListener(string pipeName, UnixFileMode fileMode, int backlog, EpollPort port)
        : base(pipeName, fileMode, backlog) => _port = port;

    public override bool OnEvent(in KernelEvent kernelEvent, out CompletionPacket packet)
    {
        if (TryAccept(out var connection, out var result))
        {
            packet = Deliver(connection, result);
            return true;
        }

        // Another worker took the client first, or a spurious wake-up: wait for the next.
        Arm();
        packet = default;
        return false;
    }

    public override bool OnPortClosed()
    {
        _port.Targets.Unregister(this);
        return false;
    }

    protected override PipeConnection CreateConnection(int fd) => new EpollConnection(fd, _port);

    protected override void OnStarted()
    {
        _port.Targets.Register(this);
        _addError = _port.Add(Fd, Token);
    }

    protected override void Arm()
    {
        var errno = _addError != 0 ? _addError : _port.Arm(Fd, Token, EpollPort.EpollIn);
        if (errno != 0)
        {
            // The accept loop must not stop silently: report the failure as the accept's outcome,
            // and the engine backs off and retries.
            _port.Post(CompletionPacket.For(CompletionKeys.Listener, CompletionKind.Accept, IoErrors.FromErrno(errno, IsDisposed)));
        }
    }

    protected override void OnDisposing()
    {
        _port.Targets.Unregister(this);
        if (_addError == 0)
        {
            _port.Remove(Fd);
        }
    }
}
