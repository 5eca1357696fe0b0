using IocpAdmin.Server.Engine;
using IocpAdmin.Server.Engine.Transport;
using IocpAdmin.Server.Storage;

namespace IocpAdmin.Server.Sessions;

/// <summary>
/// A client of the completion-port engine: a finite-state automaton that owns no thread. Each
/// completion for its key moves it one step: the handler of its current state runs on whichever
/// worker dequeued the packet, and starts exactly one next operation (receive, send, or a store
/// batch). Operations that finish at once are handled in a short loop on the same worker instead
/// of a round trip through the port (like FILE_SKIP_COMPLETION_PORT_ON_SUCCESS).
/// </summary>
internal sealed partial class ClientSession : Session
{
    // After this many operations that finished at once, the next completion goes through the
    // port, so one client streaming pipelined requests cannot keep a worker from the others.
    private const int MaxInlineSteps = 16;

    private readonly CompletionPort _port;
    private readonly ISessionHost _host;
    private readonly bool _waitForData;
    private CloseReason _ioCloseReason;
    private bool _dataReady;

    public ClientSession(long id, ulong key, PipeConnection connection, CompletionPort port, ISessionHost host, bool waitForData)
        : base(id, key, connection, host.Store)
    {
        _port = port;
        _host = host;
        _waitForData = waitForData && connection.SupportsWaitForData;
        connection.BindToPort(port, key);
    }

    /// <summary>Starts the first receive. Called once, by the worker that accepted the client.</summary>
    public void Start() => Step(NextIoKind.Receive);

    /// <summary>Runs a packet addressed to this session's key.</summary>
    public void OnCompletion(in CompletionPacket packet)
    {
        switch (packet.Kind)
        {
            case CompletionKind.Receive:
            case CompletionKind.Send:
            case CompletionKind.Store:
                Continue(packet.Kind, new IoResult(packet.Bytes, packet.Error));
                break;
            case CompletionKind.Disconnect:
                RequestClose(CloseReason.Disconnected);
                break;
            case CompletionKind.Timeout:
                RequestClose(CloseReason.PartialFrameTimeout);
                break;
            case CompletionKind.Drain:
                RequestDrain();
                break;
            default:
                Environment.FailFast($"Session {Id} was sent a {packet.Kind} packet, which only the engine handles.");
                break;
        }
    }

    /// <summary>On the store's writer thread: hand the news to the port, where a worker takes the next step.</summary>
    public override void OnStoreCompleted(StoreBatch batch) =>
        _port.Post(new CompletionPacket(Key, CompletionKind.Store, IoErrorKind.None, 0));

    private void Step(NextIoKind next)
    {
        bool finished;
        CompletionKind kind;
        IoResult result;
        try
        {
            finished = StartNext(next, out kind, out result);
        }
#pragma warning disable CA1031 // The boundary of one client, as in Continue.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            Fault(ex);
            return;
        }

        if (finished)
        {
            Continue(kind, result);
        }
    }

    private void Continue(CompletionKind kind, IoResult result)
    {
        try
        {
            for (var step = 1; ; step++)
            {
                var next = Handle(kind, result);
                if (next == NextIoKind.Close)
                {
                    Close();
                    return;
                }

                if (!StartNext(next, out kind, out result))
                {
                    // Pending: its completion may already be running on another worker, so this
                    // one must not touch the session again.
                    return;
                }

                if (step == MaxInlineSteps)
                {
                    _port.Post(new CompletionPacket(Key, kind, result.Error, result.Bytes));
                    return;
                }
            }
        }
#pragma warning disable CA1031 // The boundary of one client: a bug in its handling must not end the server (Kestrel does the same per connection).
        catch (Exception ex)
#pragma warning restore CA1031
        {
            Fault(ex);
        }
    }

    private void Fault(Exception exception)
    {
        _host.OnSessionFault(this, exception);
        RequestClose(CloseReason.Fault);
        if (State != SessionState.Closed)
        {
            // An operation may still be outstanding; its completion will find the key gone.
            Close();
        }
    }

    /// <summary>Starts the operation <paramref name="next"/> names; true when it finished at once.</summary>
    private bool StartNext(NextIoKind next, out CompletionKind kind, out IoResult result)
    {
        switch (next)
        {
            case NextIoKind.Receive:
                kind = CompletionKind.Receive;
                if (_waitForData && !_dataReady && Processor.IsIdle)
                {
                    // Wait for data without a buffer: an idle client costs no buffer memory.
                    Processor.ReleaseBuffers();
                    SetState(SessionState.WaitingForData);
                    return Connection.StartReceive(Memory<byte>.Empty, out result);
                }

                _dataReady = false;
                SetState(SessionState.Receiving);
                return Connection.StartReceive(Processor.GetReceiveBuffer(), out result);
            case NextIoKind.Send:
                kind = CompletionKind.Send;
                SetState(SessionState.Sending);
                return Connection.StartSend(Processor.PendingOutput, out result);
            case NextIoKind.Store:
                kind = CompletionKind.Store;
                result = default;
                SetState(SessionState.Storing);
                _host.Store.Submit(Processor.Batch);
                return false;
            default:
                throw new ArgumentOutOfRangeException(nameof(next), next, "Close is not an operation.");
        }
    }

    private void Close()
    {
        var reason = RequestedClose != CloseReason.None ? RequestedClose
            : _ioCloseReason != CloseReason.None ? _ioCloseReason
            : Processor.CloseReason;
        SetState(SessionState.Closed);
        Processor.Dispose();
        Connection.Dispose();
        _host.OnSessionClosed(this, reason);
    }
}
