using IocpAdmin.Protocol;
using IocpAdmin.Server.Diagnostics;
using IocpAdmin.Server.Diagnostics.Latency;
using IocpAdmin.Server.Engine.Transport;
using IocpAdmin.Server.Sessions;
using IocpAdmin.Server.Storage;
using Microsoft.Extensions.Logging;

namespace IocpAdmin.Server.Engine;

/// <summary>
/// What both engines share: the listener, the session table, admission (and BUSY at capacity),
/// the partial-frame timeout scan, the totals of ended sessions, and the graceful stop.
/// How sessions are driven (a worker pool and a port, or a thread each) is the subclass's.
/// </summary>
internal abstract partial class PipeEngine : ISessionHost, IDisposable
{
    private static readonly byte[] s_shuttingDown = ResponseWriter.CreateReasonFrame(StatusKind.Busy, "the server is shutting down");

    private readonly byte[] _atCapacity;
    private readonly List<Session> _scan = [];
    private long _nextSessionId;
    private long _accepted;
    private long _refused;
    private long _closedRequests;
    private long _closedBytesReceived;
    private long _closedBytesSent;
    private Timer? _housekeeping;
    private int _scanning;
    private volatile TaskCompletionSource? _drained;

    protected PipeEngine(EngineOptions options, RecordStore store, PipeListener listener, ILogger logger)
    {
        Options = options;
        Store = store;
        Listener = listener;
        Logger = logger;
        Sessions = new SessionTable(options.MaxClients);
        _atCapacity = ResponseWriter.CreateReasonFrame(StatusKind.Busy,
            $"the server is at its limit of {options.MaxClients} connected clients (Engine:MaxClients)");
    }

    public abstract EngineKind Kind { get; }

    public RecordStore Store { get; }

    /// <summary>Every request's latency by stage, and the slow log.</summary>
    public RequestLatency Latency { get; init; } = new(DiagnosticsOptions.DefaultSlowRequest, DiagnosticsOptions.DefaultSlowLogLength);

    public SessionTable Sessions { get; }

    public EngineOptions Options { get; }

    public string Address => Listener.Address;

    /// <summary>The worker threads (empty for thread-per-client).</summary>
    public virtual IReadOnlyList<Worker> Workers => [];

    /// <summary>The completion port (null for thread-per-client).</summary>
    public virtual ICompletionPort? Port => null;

    /// <summary>What the workers wait on (null for thread-per-client).</summary>
    public CompletionSourceKind? CompletionSource { get; init; }

    public long AcceptedTotal => Volatile.Read(ref _accepted);

    public long RefusedTotal => Volatile.Read(ref _refused);

    /// <summary>What sessions that have ended did, so totals survive their going.</summary>
    public (long Requests, long BytesReceived, long BytesSent) ClosedTotals =>
        (Volatile.Read(ref _closedRequests), Volatile.Read(ref _closedBytesReceived), Volatile.Read(ref _closedBytesSent));

    public bool IsDraining => _drained is not null;

    protected PipeListener Listener { get; }

    protected ILogger Logger { get; }

    public void Start()
    {
        Listener.Start();
        StartCore();
        var period = TimeSpan.FromSeconds(Math.Clamp(Options.PartialFrameTimeoutSeconds / 4.0, 0.25, 1.0));
        _housekeeping = new Timer(_ => ScanForTimeouts(), null, period, period);
        Log.Listening(Logger, Address, Kind.ToString(), Workers.Count, Port?.Concurrency ?? 0, Options.MaxClients);
    }

    /// <summary>Closes one client, from any thread. False if no connected client has that id. Idempotent.</summary>
    public bool Disconnect(long sessionId)
    {
        if (!Sessions.TryFind(sessionId, out var session))
        {
            return false;
        }

        session.RequestClose(CloseReason.Disconnected);
        return true;
    }

    /// <summary>Releases the timers and the listener; <see cref="StopAsync"/> is the graceful way to end.</summary>
    public void Dispose()
    {
        Dispose(disposing: true);
        GC.SuppressFinalize(this);
    }

    public void OnSessionClosed(Session session)
    {
        Interlocked.Add(ref _closedRequests, session.Requests);
        Interlocked.Add(ref _closedBytesReceived, session.BytesReceived);
        Interlocked.Add(ref _closedBytesSent, session.BytesSent);
        Sessions.Remove(session);
        var closed = ClosedSession.Of(session, Options.PartialFrameTimeoutSeconds);
        RememberClosed(closed);
        Log.SessionClosed(Logger, session, closed);
        if (Sessions.Count == 0)
        {
            _drained?.TrySetResult();
        }
    }

    public void OnSessionFault(Session session, Exception exception) => Log.SessionFault(Logger, exception, session.Id);

    public void OnUnexpectedIoError(Session session, CompletionKind operation, IoResult result) =>
        Log.UnexpectedIoError(Logger, session.Id, operation, result.OsError, result.Describe());

    protected virtual void Dispose(bool disposing)
    {
        if (disposing)
        {
            _housekeeping?.Dispose();
            Listener.Dispose();
        }
    }

    protected abstract void StartCore();

    protected abstract Session CreateSession(long id, ulong key, PipeConnection connection);

    /// <summary>Gives an accepted connection a slot, or answers BUSY and closes it. Null when refused.</summary>
    protected Session? Admit(PipeConnection connection)
    {
        if (IsDraining)
        {
            Refuse(connection, s_shuttingDown);
            return null;
        }

        if (AdmissionRefusal() is { } refusal)
        {
            Refuse(connection, refusal);
            return null;
        }

        if (QuarantineOf(connection.Peer) is { } quarantine)
        {
            // Counted before the BUSY goes out: whoever reads it finds the refusal on record.
            OnQuarantined(connection.Peer, quarantine);
            Refuse(connection, quarantine.Frame);
            return null;
        }

        if (!Sessions.TryAdd((key, state) => state.engine.CreateSession(Interlocked.Increment(ref state.engine._nextSessionId), key, state.connection),
                (engine: this, connection), out var session))
        {
            Log.ClientRefusedBusy(Logger, Options.MaxClients);
            Refuse(connection, _atCapacity);
            return null;
        }

        Interlocked.Increment(ref _accepted);
        Log.ClientConnected(Logger, session!.Id, session.Peer.ProcessId, session.Peer.UserId);
        return session;
    }

    private void Refuse(PipeConnection connection, byte[] busyFrame)
    {
        Interlocked.Increment(ref _refused);
        // A fresh connection's send buffer is empty, so these few dozen bytes are written at once
        // and the blocking call does not block.
        connection.Send(busyFrame);
        connection.Dispose();
    }

    private void ScanForTimeouts()
    {
        if (Interlocked.Exchange(ref _scanning, 1) != 0)
        {
            return;
        }

        try
        {
            var now = Environment.TickCount64;
            var limit = Options.PartialFrameTimeoutSeconds * 1000L;
            lock (_scan)
            {
                Sessions.CopyTo(_scan);
                foreach (var session in _scan)
                {
                    var since = session.PartialSince;
                    // Only while the server waits for the client: a client held back by
                    // back-pressure is not late with its frame.
                    if (since != 0 && now - since >= limit && session.State == SessionState.Receiving)
                    {
                        session.RequestClose(CloseReason.PartialFrameTimeout);
                    }
                }

                _scan.Clear();
            }
        }
        finally
        {
            Volatile.Write(ref _scanning, 0);
        }
    }
}
