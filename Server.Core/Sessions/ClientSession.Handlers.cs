using IocpAdmin.Server.Engine;
using IocpAdmin.Server.Engine.Transport;

namespace IocpAdmin.Server.Sessions;

// One handler per state, named for the operation whose completion it handles. Each decides from
// the session's present state only, and returns the one operation to start next.
internal sealed partial class ClientSession
{
    private NextIoKind Handle(CompletionKind kind, IoResult result)
    {
        var state = State;
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
            _ => OnStoreCompleted(),
        };
    }

    private NextIoKind OnWaitForDataCompleted(IoResult result)
    {
        if (IsEnding(result))
        {
            return NextIoKind.Close;
        }

        // Data is waiting (or the client closed its end): the real receive will tell which. The
        // readiness is a hint, not a promise: on Linux a zero-byte receive on a Unix socket now and
        // then completes with nothing to read, and the real receive then waits (state Receiving,
        // holding its buffer) until the client does send. Correct, at the cost of one buffer.
        _dataReady = true;
        return NextIoKind.Receive;
    }

    private NextIoKind OnReceiveCompleted(IoResult result)
    {
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

    private NextIoKind OnSendCompleted(IoResult result)
    {
        if (IsEnding(result))
        {
            return NextIoKind.Close;
        }

        if (result.Bytes == 0)
        {
            // A stream send that moved nothing and reported no error cannot make progress.
            _ioCloseReason = CloseReason.IoFailed;
            return NextIoKind.Close;
        }

        Processor.OnSent(result.Bytes);
        return Processor.HasPendingOutput ? NextIoKind.Send : Processor.Process();
    }

    private NextIoKind OnStoreCompleted()
    {
        Processor.OnStoreCompleted();
        return RequestedClose != CloseReason.None ? NextIoKind.Close : Processor.Process();
    }

    /// <summary>True when the session must close instead of going on: someone asked, or the I/O failed.</summary>
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

        _ioCloseReason = result.Error == IoErrorKind.Reset ? CloseReason.PeerReset : CloseReason.IoFailed;
        return true;
    }
}
