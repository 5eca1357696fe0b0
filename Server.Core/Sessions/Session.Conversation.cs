using IocpAdmin.Server.Engine;
using IocpAdmin.Server.Engine.Transport;

namespace IocpAdmin.Server.Sessions;

// The conversation, the same for every driver: what a finished receive, send or commit means,
// which one operation comes next, and why and how the session ends. A driver calls these with
// each result and starts what they return; it never decides any of it itself.
internal abstract partial class Session
{
    private IoResult _ioFailure;
    private bool _released;

    /// <summary>Why the session ended (valid once it is <see cref="SessionState.Closed"/>).</summary>
    public CloseReason ClosedBecause { get; private set; }

    /// <summary>Closed, its connection released and its slot freed: what a disconnect waits for.</summary>
    public bool IsReleased => Volatile.Read(ref _released);

    /// <summary>The state it was in when it closed: where the conversation stopped.</summary>
    public SessionState ClosedIn { get; private set; }

    /// <summary>
    /// The failed I/O behind <see cref="CloseReason.PeerReset"/> or <see cref="CloseReason.IoFailed"/>: the
    /// one that ended the session, or the send that found the client gone, after which what it had
    /// already sent still ran unanswered.
    /// </summary>
    public IoResult IoFailure => _ioFailure;

    protected NextIoKind OnReceiveCompleted(in IoResult result)
    {
        if (IsEnding(result, CompletionKind.Receive))
        {
            return NextIoKind.Close;
        }

        if (result.Bytes > 0)
        {
            Touch();
        }

        Processor.OnReceived(result.Bytes, QueueTicks);
        return Processor.Process();
    }

    protected NextIoKind OnSendCompleted(in IoResult result)
    {
        if (result.Error == IoErrorKind.Reset && RequestedClose == CloseReason.None)
        {
            // The client closed its end without reading (protocol rule 6): the complete requests
            // it sent before that still run, and their writes commit; their answers have nowhere
            // to go. Reading goes on until its end of stream, and the session then closes. Once
            // output is discarded no send is ever started again, so this runs at most once.
            _ioFailure = result;
            Processor.DiscardOutput();
            return Processor.Process();
        }

        if (IsEnding(result, CompletionKind.Send))
        {
            return NextIoKind.Close;
        }

        if (result.Bytes == 0)
        {
            // A stream send that moved nothing and reported no error cannot make progress.
            _ioFailure = new IoResult(0, IoErrorKind.Unexpected);
            _host.OnUnexpectedIoError(this, CompletionKind.Send, _ioFailure);
            return NextIoKind.Close;
        }

        Processor.OnSent(result.Bytes, QueueTicks);
        return Processor.HasPendingOutput ? NextIoKind.Send : Processor.Process();
    }

    /// <summary>The writes handed to the store by <see cref="SubmitWrites"/> are committed (or failed).</summary>
    protected NextIoKind OnCommitCompleted()
    {
        // A session asked to close does not touch its processor again: a fault may be closing it on
        // another thread. Its writes are committed either way; only their answers are not written.
        if (RequestedClose != CloseReason.None)
        {
            return NextIoKind.Close;
        }

        Processor.OnStoreCompleted(QueueTicks);
        return Processor.Process();
    }

    /// <summary>Hands the waiting writes to the store; <see cref="OnStoreCompleted"/> says when they are done.</summary>
    protected void SubmitWrites()
    {
        // The state first: the commit may complete on the writer thread before Submit returns.
        SetState(SessionState.Storing);
        Processor.SubmitWrites();
    }

    /// <summary>A driver caught an exception from this session's handling: a bug, contained to this client.</summary>
    protected void Fault(Exception exception)
    {
        _host.OnSessionFault(this, exception);
        RequestClose(CloseReason.Fault);
    }

    /// <summary>
    /// Ends the session, exactly once whoever calls it: releases its buffers and its connection and
    /// frees its slot. Normally its driver calls it from a completion, with nothing outstanding.
    /// After a fault (<paramref name="operationMayBeOutstanding"/>) the driver cannot vouch that no
    /// receive or send still owns a buffer, so the buffers go to the garbage collector instead of
    /// back to the pool, where the next client could be handed memory the OS is still writing into;
    /// and the completion the fault's abort brings may reach this session on another worker at the
    /// same time, which then finds it closing or closed and only calls this again, to no effect.
    /// </summary>
    protected void Close(bool operationMayBeOutstanding = false)
    {
        var previous = (SessionState)Interlocked.Exchange(ref _state, (int)SessionState.Closed);
        if (previous == SessionState.Closed)
        {
            return;
        }

        ClosedIn = previous;
        History.RecordState(SessionState.Closed);
        ClosedBecause = RequestedClose != CloseReason.None ? RequestedClose
            : _ioFailure.Error == IoErrorKind.Reset ? CloseReason.PeerReset
            : _ioFailure.Error != IoErrorKind.None ? CloseReason.IoFailed
            : Processor.CloseReason;
        if (operationMayBeOutstanding)
        {
            Processor.Abandon();
        }
        else
        {
            Processor.Dispose();
        }

        Connection.Dispose();
        _host.OnSessionClosed(this);
        Volatile.Write(ref _released, true);
    }

    /// <summary>True when the session must close instead of going on: someone asked, or the I/O failed.</summary>
    private bool IsEnding(in IoResult result, CompletionKind operation)
    {
        if (RequestedClose != CloseReason.None)
        {
            return true;
        }

        if (result.Succeeded)
        {
            return false;
        }

        _ioFailure = result;
        if (result.Error == IoErrorKind.Unexpected)
        {
            _host.OnUnexpectedIoError(this, operation, result);
        }

        return true;
    }
}
