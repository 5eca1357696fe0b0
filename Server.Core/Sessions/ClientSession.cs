using IocpAdmin.Server.Engine;
using IocpAdmin.Server.Engine.Transport;
using IocpAdmin.Server.Storage;

namespace IocpAdmin.Server.Sessions;

/// <summary>
/// The completion-port driver of a session: a finite-state automaton that owns no thread. Each
/// completion for its key moves it one step on whichever worker dequeued it: the conversation
/// (<see cref="Session"/>) handles the result, and this driver starts exactly the one next operation
/// (receive, send, or a store batch). Operations that finish at once are handled in a short loop on
/// the same worker instead of a round trip through the port (like FILE_SKIP_COMPLETION_PORT_ON_SUCCESS).
/// It works on any completion source: all it needs is a port and a transport that posts to it.
/// </summary>
internal sealed class ClientSession : Session
{
    // After this many operations that finished at once, the next completion goes through the
    // port, so one client streaming pipelined requests cannot keep a worker from the others.
    private const int MaxInlineSteps = 16;

    private readonly ICompletionPort _port;
    private readonly bool _waitForData;
    private bool _dataReady;
    private long _readinessQueueTicks;

    public ClientSession(long id, ulong key, PipeConnection connection, ICompletionPort port, ISessionHost host, bool waitForData)
        : base(id, key, connection, host)
    {
        _port = port;
        _waitForData = waitForData && connection.SupportsWaitForData;
        connection.BindToPort(port, key);
    }

    /// <summary>Starts the first receive. Called once, by the worker that accepted the client.</summary>
    public void Start() => Continue(completed: null, default);

    /// <summary>
    /// Runs a packet addressed to this session's key: the completion of its one outstanding operation,
    /// which waited <paramref name="queueTicks"/> in the port.
    /// </summary>
    public void OnCompletion(in CompletionPacket packet, long queueTicks = 0)
    {
        if (packet.Kind is not (CompletionKind.Receive or CompletionKind.Send or CompletionKind.Store))
        {
            Environment.FailFast($"Session {Id} was sent a {packet.Kind} packet, which only the engine handles.");
        }

        QueueTicks = queueTicks + TakeReadinessQueue(packet.Kind);
        Continue(packet.Kind, packet.Result);
    }

    /// <summary>On the store's writer thread: hand the news to the port, where a worker takes the next step.</summary>
    public override void OnStoreCompleted(StoreBatch batch) => _port.Post(CompletionPacket.Control(Key, CompletionKind.Store));

    /// <summary>
    /// Takes the automaton as far as it can go on this worker: handles <paramref name="completed"/>
    /// (null: nothing yet, the first receive is next), starts the next operation, and goes on while
    /// operations finish at once.
    /// </summary>
    private void Continue(CompletionKind? completed, IoResult result)
    {
        try
        {
            var next = completed is { } kind ? Handle(kind, result) : NextIoKind.Receive;
            for (var step = 1; next != NextIoKind.Close; step++)
            {
                if (!StartNext(next, out var started, out result))
                {
                    // Pending: its completion may already be running on another worker, so this
                    // one must not touch the session again.
                    return;
                }

                if (step == MaxInlineSteps)
                {
                    _port.Post(CompletionPacket.For(Key, started, result));
                    return;
                }

                // Finished at once: it never waited in the port (a receive after a readiness did, as the readiness).
                QueueTicks = TakeReadinessQueue(started);
                next = Handle(started, result);
            }

            Close();
        }
#pragma warning disable CA1031 // The boundary of one client: a bug in its handling must not end the server (Kestrel does the same per connection).
        catch (Exception ex)
#pragma warning restore CA1031
        {
            Fail(ex);
        }
    }

    private void Fail(Exception exception)
    {
        Fault(exception);
        // The exception may have come from a transport after it started an operation: its buffer
        // must not go back to the pool (Close leaves it to the GC), and that operation's completion,
        // which the fault's abort hurries, may reach a worker before the key is gone (Handle then
        // finds the session closed, or closing, and ends there).
        Close(operationMayBeOutstanding: true);
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
                SubmitWrites();
                return false;
            default:
                throw new ArgumentOutOfRangeException(nameof(next), next, "Close is not an operation.");
        }
    }

    // One handler per state, named for the operation whose completion it handles.
    private NextIoKind Handle(CompletionKind kind, in IoResult result)
    {
        var state = State;
        if (state == SessionState.Closed)
        {
            // The late completion of a faulted session's operation (see Fail): nothing to do.
            return NextIoKind.Close;
        }

        var expected = state switch
        {
            SessionState.WaitingForData or SessionState.Receiving => CompletionKind.Receive,
            SessionState.Sending => CompletionKind.Send,
            SessionState.Storing => CompletionKind.Store,
            _ => (CompletionKind)byte.MaxValue,
        };
        if (kind != expected)
        {
            // One operation is outstanding at a time, so a completion of any other kind means
            // the automaton's bookkeeping is broken; continuing could answer the wrong client.
            Environment.FailFast($"Session {Id} in state {state} got a {kind} completion.");
        }

        return state switch
        {
            SessionState.WaitingForData => OnWaitForDataCompleted(result),
            SessionState.Receiving => OnReceiveCompleted(result),
            SessionState.Sending => OnSendCompleted(result),
            _ => OnCommitCompleted(),
        };
    }

    private NextIoKind OnWaitForDataCompleted(in IoResult result)
    {
        if (!result.Succeeded || RequestedClose != CloseReason.None)
        {
            // The conversation decides how a failed or cancelled receive ends the session.
            return OnReceiveCompleted(result);
        }

        // Data is waiting (or the client closed its end): the real receive will tell which. The
        // readiness is a hint, not a promise: on Linux a zero-byte receive on a Unix socket now and
        // then completes with nothing to read, and the real receive then waits (state Receiving,
        // holding its buffer) until the client does send. Correct, at the cost of one buffer.
        _dataReady = true;
        // The client's request reached the port with this readiness: its queue wait is the request's.
        _readinessQueueTicks = QueueTicks;
        return NextIoKind.Receive;
    }

    private long TakeReadinessQueue(CompletionKind kind)
    {
        if (kind != CompletionKind.Receive || State != SessionState.Receiving)
        {
            return 0;
        }

        var ticks = _readinessQueueTicks;
        _readinessQueueTicks = 0;
        return ticks;
    }
}
