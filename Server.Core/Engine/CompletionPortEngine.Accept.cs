using IocpAdmin.Server.Diagnostics;
using IocpAdmin.Server.Engine.Transport;
using IocpAdmin.Server.Sessions;

namespace IocpAdmin.Server.Engine;

// Accepting: the listener is one more I/O object on the port. A worker takes each accepted
// connection, gives it a slot (or BUSY) and starts its first receive, then starts the next accept.
internal sealed partial class CompletionPortEngine
{
    // Accepts that finish at once are taken in a loop, up to this many before the loop yields to
    // the port: a burst of thousands of connecting clients does not monopolise one worker.
    private const int MaxInlineAccepts = 64;

    // Back-off after an accept fails for lack of resources (EMFILE, ENOBUFS): Garnet's middle tier.
    private const int AcceptRetryMinMs = 50;
    private const int AcceptRetryMaxMs = 1000;

    private Timer? _acceptRetry;
    private int _acceptRetryMs;

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _acceptRetry?.Dispose();
        }

        base.Dispose(disposing);
        if (disposing && _port is IDisposable kernelQueue)
        {
            // A kernel port (io_uring ring, epoll set) closes its descriptors; the workers are gone.
            kernelQueue.Dispose();
        }
    }

    private void OnAcceptCompleted(in CompletionPacket packet)
    {
        var connection = Listener.TakeAccepted();
        // A packet with neither a connection nor an error starts (or restarts) the accept loop.
        if ((connection is not null || packet.Error != IoErrorKind.None) && !OnAccepted(connection, packet.Result))
        {
            return;
        }

        AcceptLoop();
    }

    private void AcceptLoop()
    {
        for (var i = 0; i < MaxInlineAccepts; i++)
        {
            if (!Listener.StartAccept(out var connection, out var result))
            {
                return;
            }

            if (!OnAccepted(connection, result))
            {
                return;
            }
        }

        _port.Post(CompletionPacket.Control(CompletionKeys.Listener, CompletionKind.Accept));
    }

    /// <summary>Handles one accept's outcome; false when accepting must not continue now.</summary>
    private bool OnAccepted(PipeConnection? connection, in IoResult result)
    {
        switch (result.Error)
        {
            case IoErrorKind.None when connection is not null:
                _acceptRetryMs = 0;
                if (Admit(connection) is ClientSession session)
                {
                    session.Start();
                }

                return true;
            case IoErrorKind.None:
            case IoErrorKind.Reset:
                // The client gave up before we accepted it: nothing to do but accept the next.
                return true;
            case IoErrorKind.Aborted:
                // The listener is closed: the engine is stopping.
                return false;
            default:
                _acceptRetryMs = Math.Clamp(_acceptRetryMs * 2, AcceptRetryMinMs, AcceptRetryMaxMs);
                Log.AcceptFailed(Logger, result.Error, result.OsError, result.Describe(), _acceptRetryMs);
                _acceptRetry?.Dispose();
                _acceptRetry = new Timer(
                    static port => ((ICompletionPort)port!).Post(CompletionPacket.Control(CompletionKeys.Listener, CompletionKind.Accept)),
                    _port, _acceptRetryMs, Timeout.Infinite);
                return false;
        }
    }
}
