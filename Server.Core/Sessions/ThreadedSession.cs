using IocpAdmin.Server.Engine.Transport;
using IocpAdmin.Server.Storage;

namespace IocpAdmin.Server.Sessions;

/// <summary>
/// A client of the thread-per-client engine: the design the completion port replaces, kept to
/// measure against. One dedicated thread per client runs the same protocol with blocking calls,
/// and waits for the store's commit on an event.
/// </summary>
internal sealed class ThreadedSession : Session, IDisposable
{
    private readonly ISessionHost _host;
    private readonly ManualResetEventSlim _stored = new(initialState: false);
    private readonly Thread _thread;
    private CloseReason _ioCloseReason;

    public ThreadedSession(long id, ulong key, PipeConnection connection, ISessionHost host)
        : base(id, key, connection, host.Store)
    {
        _host = host;
        _thread = new Thread(Run) { IsBackground = true, Name = $"client-{id}" };
    }

    public void Start() => _thread.Start();

    public override void OnStoreCompleted(StoreBatch batch) => _stored.Set();

    public void Dispose() => _stored.Dispose();

    private void Run()
    {
        try
        {
            var next = NextIoKind.Receive;
            while (next != NextIoKind.Close)
            {
                next = next switch
                {
                    NextIoKind.Receive => Receive(),
                    NextIoKind.Send => Send(),
                    _ => Store(),
                };
            }
        }
#pragma warning disable CA1031 // The boundary of one client: its thread ends, the server does not.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            _host.OnSessionFault(this, ex);
            _ioCloseReason = CloseReason.Fault;
        }

        var reason = RequestedClose != CloseReason.None ? RequestedClose
            : _ioCloseReason != CloseReason.None ? _ioCloseReason
            : Processor.CloseReason;
        SetState(SessionState.Closed);
        Processor.Dispose();
        Connection.Dispose();
        _host.OnSessionClosed(this, reason);
        Dispose();
    }

    private NextIoKind Receive()
    {
        SetState(SessionState.Receiving);
        var result = Connection.Receive(Processor.GetReceiveBuffer().Span);
        if (IsEnding(result))
        {
            return NextIoKind.Close;
        }

        if (result.Bytes > 0)
        {
            Touch();
        }

        Processor.OnReceived(result.Bytes);
        return Processor.Process();
    }

    private NextIoKind Send()
    {
        SetState(SessionState.Sending);
        var result = Connection.Send(Processor.PendingOutput.Span);
        if (IsEnding(result))
        {
            return NextIoKind.Close;
        }

        Processor.OnSent(result.Bytes);
        return Processor.HasPendingOutput ? NextIoKind.Send : Processor.Process();
    }

    private NextIoKind Store()
    {
        SetState(SessionState.Storing);
        _stored.Reset();
        _host.Store.Submit(Processor.Batch);
        _stored.Wait();
        Processor.OnStoreCompleted();
        return RequestedClose != CloseReason.None ? NextIoKind.Close : Processor.Process();
    }

    private bool IsEnding(IoResult result)
    {
        if (RequestedClose != CloseReason.None)
        {
            return true;
        }

        if (result.Succeeded)
        {
            return false;
        }

        _ioCloseReason = result.Error == Engine.IoErrorKind.Reset ? CloseReason.PeerReset : CloseReason.IoFailed;
        return true;
    }
}
