using IocpAdmin.Protocol;
using IocpAdmin.Server.Engine.Transport;
using IocpAdmin.Server.Storage;

namespace IocpAdmin.Server.Sessions;

/// <summary>
/// A connected client, whichever engine serves it, and the one owner of its conversation: its
/// identity, its protocol state (<see cref="RequestProcessor"/>), what each completed operation
/// means (<c>Session.Conversation.cs</c>), why and how it closes, and the counters the monitor
/// reads. A subclass is a driver: it only starts the I/O the conversation asks for, on its engine's
/// terms (a completion port, or a blocking thread), and hands back each result.
/// </summary>
internal abstract partial class Session : IStoreCompletionSink
{
    private readonly ISessionHost _host;
    private int _state;
    private int _closeRequest;
    private long _lastActivity;
    private long _stateSince;
    private string? _disconnectReason;

    protected Session(long id, ulong key, PipeConnection connection, ISessionHost host)
    {
        Id = id;
        Key = key;
        Connection = connection;
        Peer = connection.Peer;
        _host = host;
        History = new SessionHistory();
        Processor = new RequestProcessor(host.Store, this, History, new RequestTimer(host.Latency, id, connection.Peer.ProcessId));
        ConnectedAt = DateTimeOffset.UtcNow;
        _lastActivity = _stateSince = Environment.TickCount64;
        History.RecordState(SessionState.WaitingForData);
    }

    /// <summary>The connection number, unique for the life of the server (what the console shows).</summary>
    public long Id { get; }

    /// <summary>The completion key: slot and generation.</summary>
    public ulong Key { get; }

    public PeerIdentity Peer { get; }

    public DateTimeOffset ConnectedAt { get; }

    public SessionState State => (SessionState)Volatile.Read(ref _state);

    /// <summary><see cref="Environment.TickCount64"/> when it entered <see cref="State"/>.</summary>
    public long StateSince => Volatile.Read(ref _stateSince);

    /// <summary>Its last transitions and requests.</summary>
    public SessionHistory History { get; }

    /// <summary>Bytes of its incomplete frame so far.</summary>
    public int PartialBytes => Processor.PartialBytes;

    /// <summary>Its incomplete frame's whole size, or 0 while the length prefix is incomplete.</summary>
    public int PartialFrameSize => Processor.PartialFrameSize;

    /// <summary>Responses it has not taken yet.</summary>
    public int UnsentBytes => Processor.UnsentBytes;

    /// <summary>Its writes gathered for or with the store.</summary>
    public int WaitingWrites => Processor.WaitingWrites;

    /// <summary><see cref="Environment.TickCount64"/> of the last bytes received.</summary>
    public long LastActivity => Volatile.Read(ref _lastActivity);

    public long Requests => Processor.Requests;

    public long BytesReceived => Processor.BytesReceived;

    public long BytesSent => Processor.BytesSent;

    public RequestKind LastRequest => Processor.LastRequest;

    public long PartialSince => Processor.PartialSince;

    /// <summary>The reason someone asked this session to close, or <see cref="CloseReason.None"/>.</summary>
    public CloseReason RequestedClose => (CloseReason)Volatile.Read(ref _closeRequest);

    protected PipeConnection Connection { get; }

    /// <summary>Set by a driver before it hands over a completion: how long it waited in the port (<see cref="System.Diagnostics.Stopwatch"/> ticks).</summary>
    protected long QueueTicks { get; set; }

    protected RequestProcessor Processor { get; }

    /// <summary>
    /// From any thread, idempotent: the outstanding pipe operation ends at once and the owner closes
    /// the session. A batch already with the store still commits (its records are not lost); only
    /// its acknowledgement is not delivered.
    /// </summary>
    public bool RequestClose(CloseReason reason)
    {
        if (State == SessionState.Closed || Interlocked.CompareExchange(ref _closeRequest, (int)reason, 0) != 0)
        {
            return false;
        }

        Connection.Abort();
        return true;
    }

    /// <summary>From any thread: graceful shutdown. What the client already sent is answered, then the session closes.</summary>
    public void RequestDrain() => Connection.ShutdownReceive();

    /// <summary>Why an operator disconnected this client (what it was told), or null.</summary>
    public string? DisconnectReason => Volatile.Read(ref _disconnectReason);

    /// <summary>
    /// From any thread: an operator's graceful disconnect. Nothing more is read; what the client
    /// already sent is answered; then BUSY with <paramref name="reason"/> is its last frame and the
    /// session closes (docs/protocol.md, "Disconnected by an operator").
    /// </summary>
    public void RequestFarewell(string reason)
    {
        Interlocked.CompareExchange(ref _disconnectReason, reason, null);
        Processor.SetFarewell(reason);
        Connection.ShutdownReceive();
    }

    /// <summary>From any thread: an operator's disconnect at once. False if the session was already closing for another reason.</summary>
    public bool RequestDisconnect(string reason)
    {
        Interlocked.CompareExchange(ref _disconnectReason, reason, null);
        return RequestClose(CloseReason.Disconnected);
    }

    /// <summary>On the store's writer thread: tells the driver that the submitted writes are done.</summary>
    public abstract void OnStoreCompleted(StoreBatch batch);

    protected void SetState(SessionState state)
    {
        // Only a change is a transition: a driver may restate the state it is in.
        if (Volatile.Read(ref _state) != (int)state)
        {
            Volatile.Write(ref _stateSince, Environment.TickCount64);
            History.RecordState(state);
        }

        Volatile.Write(ref _state, (int)state);
    }

    private void Touch() => Volatile.Write(ref _lastActivity, Environment.TickCount64);
}
