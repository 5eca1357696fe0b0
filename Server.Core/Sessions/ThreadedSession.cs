using IocpAdmin.Server.Engine.Transport;
using IocpAdmin.Server.Storage;

namespace IocpAdmin.Server.Sessions;

/// <summary>
/// The thread-per-client driver of a session: the design the completion port replaces, kept to
/// measure against. One dedicated thread per client runs the same conversation with blocking
/// calls, and waits for the store's commit on an event.
/// </summary>
internal sealed class ThreadedSession : Session, IDisposable
{
    private readonly ManualResetEventSlim _committed = new(initialState: false);
    private readonly Thread _thread;

    public ThreadedSession(long id, ulong key, PipeConnection connection, ISessionHost host)
        : base(id, key, connection, host)
    {
        _thread = new Thread(Run) { IsBackground = true, Name = $"client-{id}" };
    }

    public void Start() => _thread.Start();

    public override void OnStoreCompleted(StoreBatch batch) => _committed.Set();

    /// <summary>By its own thread, as it ends.</summary>
    public void Dispose() => _committed.Dispose();

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
                    _ => Commit(),
                };
            }
        }
#pragma warning disable CA1031 // The boundary of one client: its thread ends, the server does not.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            Fault(ex);
        }

        // Blocking calls have all returned: nothing is outstanding, even after a fault.
        Close();
        Dispose();
    }

    private NextIoKind Receive()
    {
        SetState(SessionState.Receiving);
        return OnReceiveCompleted(Connection.Receive(Processor.GetReceiveBuffer()));
    }

    private NextIoKind Send()
    {
        SetState(SessionState.Sending);
        return OnSendCompleted(Connection.Send(Processor.PendingOutput));
    }

    private NextIoKind Commit()
    {
        _committed.Reset();
        SubmitWrites();
        _committed.Wait();
        return OnCommitCompleted();
    }
}
