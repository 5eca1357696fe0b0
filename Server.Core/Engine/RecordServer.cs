using System.Diagnostics.Metrics;
using System.Globalization;
using IocpAdmin.Server.Diagnostics;
using IocpAdmin.Server.Diagnostics.Latency;
using IocpAdmin.Server.Engine.Transport;
using IocpAdmin.Server.Storage;
using Microsoft.Extensions.Logging;

namespace IocpAdmin.Server.Engine;

/// <summary>
/// The record server, embeddable: the store, the pipe engine chosen by <see cref="EngineOptions.Mode"/>,
/// and the monitor. The web app reaches the engine only through this facade.
/// </summary>
public sealed class RecordServer : IAsyncDisposable
{
    private readonly EngineOptions _engineOptions;
    private readonly StoreOptions _storeOptions;
    private readonly ILoggerFactory _loggerFactory;
    private readonly DiagnosticsOptions _diagnosticsOptions;
    private readonly Meter _meter = new(ServerMetrics.MeterName);
    private RecordStore? _store;
    private PipeEngine? _engine;
    private EngineMonitor? _monitor;
    private LatencyMonitor? _latency;
    private int _state = (int)ServerState.Created;
    private readonly Lock _admissionGate = new();
    private CancellationTokenSource? _maintenance;

    public RecordServer(EngineOptions engineOptions, StoreOptions storeOptions, ILoggerFactory loggerFactory, DiagnosticsOptions? diagnosticsOptions = null)
    {
        _engineOptions = engineOptions;
        _storeOptions = storeOptions;
        _loggerFactory = loggerFactory;
        _diagnosticsOptions = diagnosticsOptions ?? new DiagnosticsOptions();
    }

    public ServerState State => (ServerState)Volatile.Read(ref _state);

    /// <summary>This server's meter (several servers in one process each have their own).</summary>
    internal Meter Meter => _meter;

    public EngineKind Mode => _engineOptions.Mode;

    /// <summary>What the completion-port engine's workers wait on; null for thread per client.</summary>
    public CompletionSourceKind? CompletionSource { get; private set; }

    /// <summary>Under <see cref="CompletionSourceKind.Auto"/>: why a better source than the one running was not used.</summary>
    public string? CompletionSourceFallback { get; private set; }

    /// <summary>Where clients connect (the socket path on Unix, <c>\\.\pipe\name</c> on Windows).</summary>
    public string PipeAddress => Engine.Address;

    public RecordStore Store => _store ?? throw NotStarted();

    public EngineMonitor Monitor => _monitor ?? throw NotStarted();

    /// <summary>Where the time of requests goes: stage histograms, the slow log, and the doctor's readings.</summary>
    public LatencyMonitor Latency => _latency ?? throw NotStarted();

    internal PipeEngine Engine => _engine ?? throw NotStarted();

    /// <summary>Opens the store (migrating it), then creates the pipe and starts serving.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.CompareExchange(ref _state, (int)ServerState.Starting, (int)ServerState.Created) != (int)ServerState.Created)
        {
            throw new InvalidOperationException($"The server cannot start from state {State}.");
        }

        try
        {
            _store = await RecordStore.OpenAsync(_storeOptions, _loggerFactory, _meter, cancellationToken);
            var logger = _loggerFactory.CreateLogger<RecordServer>();
            var latency = new RequestLatency(TimeSpan.FromMilliseconds(_diagnosticsOptions.SlowRequestMilliseconds), _diagnosticsOptions.SlowLogLength, _meter);
            if (_engineOptions.Mode == EngineKind.ThreadPerClient)
            {
                _engine = new ThreadPerClientEngine(_engineOptions, _store, CreateListener(_engineOptions), logger) { Latency = latency };
            }
            else
            {
                var source = CompletionSources.Open(_engineOptions, () => CreateListener(_engineOptions));
                CompletionSource = source.Kind;
                CompletionSourceFallback = source.FallbackReason;
                _engine = new CompletionPortEngine(_engineOptions, _store, source.Listener, source.Port, logger) { CompletionSource = source.Kind, Latency = latency };
                Log.CompletionSourceChosen(logger, source.Kind, _engineOptions.CompletionSource, source.FallbackReason ?? "none");
            }

            _engine.Start();
            _monitor = new EngineMonitor(_engine, TimeSpan.FromMilliseconds(250));
            ServerMetrics.Register(_meter, _monitor);
            _latency = new LatencyMonitor(latency, _monitor, _store, _storeOptions);
            Volatile.Write(ref _state, (int)ServerState.Running);
        }
        catch
        {
            Volatile.Write(ref _state, (int)ServerState.Faulted);
            _engine?.Dispose();
            _store?.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Graceful stop: no new clients, what each client sent is answered, connections close, and
    /// the store commits what it holds before it closes.
    /// </summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.CompareExchange(ref _state, (int)ServerState.Stopping, (int)ServerState.Running) != (int)ServerState.Running)
        {
            return;
        }

        lock (_admissionGate)
        {
            CancelMaintenance();
        }

        _latency?.Dispose();
        await Engine.StopAsync(cancellationToken);
        Engine.Dispose();
        Store.Dispose();
        Volatile.Write(ref _state, (int)ServerState.Stopped);
    }

    /// <summary>Closes one pipe client, from any thread; false if no client with that id is connected. Idempotent.</summary>
    public bool Disconnect(long sessionId) => Engine.Disconnect(sessionId);

    /// <summary>How many ended connections <see cref="RecentlyClosed"/> remembers.</summary>
    public static int RecentlyClosedCapacity => PipeEngine.RecentlyClosedCapacity;

    /// <summary>How many transitions and requests each client's history keeps.</summary>
    public static int HistoryCapacity => Sessions.SessionHistory.Capacity;

    /// <summary>Whether new clients are served now.</summary>
    public AdmissionMode Admission => Engine.Admission;

    /// <summary>
    /// Sets admission at run time, from any thread; returns the mode it replaced. <see cref="AdmissionMode.Maintenance"/>
    /// also disconnects gracefully, after <paramref name="maintenanceGrace"/>, every client still connected then,
    /// telling it <paramref name="maintenanceReason"/>; any other mode set before that cancels it.
    /// </summary>
    public AdmissionMode SetAdmission(AdmissionMode mode, TimeSpan maintenanceGrace = default, string maintenanceReason = "the server is going into maintenance")
    {
        var logger = _loggerFactory.CreateLogger<RecordServer>();
        lock (_admissionGate)
        {
            CancelMaintenance();
            var previous = Engine.SetAdmission(mode);
            if (mode == AdmissionMode.Maintenance)
            {
                var maintenance = new CancellationTokenSource();
                _maintenance = maintenance;
                _ = CloseRemainingAsync(maintenanceGrace, maintenanceReason, logger, maintenance.Token);
            }

            Log.AdmissionChanged(logger, mode, previous, mode switch
            {
                AdmissionMode.Ready => "new clients are served",
                AdmissionMode.Drain => "connected clients are served, new ones get BUSY",
                _ => string.Create(CultureInfo.InvariantCulture, $"new clients get BUSY; those still connected in {maintenanceGrace.TotalSeconds:0} s are disconnected"),
            });
            return previous;
        }
    }

    /// <summary>The last connections that ended (at most <see cref="PipeEngine.RecentlyClosedCapacity"/>), newest first, with why.</summary>
    public IReadOnlyList<ClosedSession> RecentlyClosed() => Engine.RecentlyClosed();

    /// <summary>
    /// An operator's disconnect of exactly these clients, <paramref name="mode"/> as it says, telling
    /// each the <paramref name="reason"/> (graceful); returns once their connections are closed, or
    /// says which are not after a bounded wait.
    /// </summary>
    public Task<DisconnectOutcome> DisconnectAsync(IReadOnlyCollection<long> sessionIds, DisconnectMode mode, string reason, TimeSpan gracePeriod,
        double? perSecond = null, CancellationToken cancellationToken = default) =>
        Engine.DisconnectAsync(sessionIds, mode, reason, gracePeriod, perSecond, cancellationToken);

    /// <summary>The quarantines in force now, soonest to end first.</summary>
    public IReadOnlyList<Quarantine> Quarantines() => Engine.Quarantines();

    /// <summary>The most quarantines in force at once.</summary>
    public static int MaxQuarantines => PipeEngine.MaxQuarantines;

    /// <summary>
    /// Keeps processes or users out for <paramref name="duration"/>, all or none: each new connection
    /// from one gets BUSY with <see cref="Quarantine.Message"/>. One already in force for the same
    /// target is replaced. Throws <see cref="InvalidOperationException"/> past <see cref="MaxQuarantines"/>.
    /// </summary>
    public IReadOnlyList<Quarantine> AddQuarantines(QuarantineKind scope, IReadOnlyCollection<long> keys, string reason, string by, TimeSpan duration)
    {
        var added = Engine.AddQuarantines(scope, keys, reason, by, duration);
        var logger = _loggerFactory.CreateLogger<RecordServer>();
        foreach (var quarantine in added)
        {
            Log.QuarantineAdded(logger, quarantine.Id, quarantine.Target, quarantine.Until, by, reason);
        }

        return added;
    }

    /// <summary>Keeps one process or user out (see <see cref="AddQuarantines"/>).</summary>
    public Quarantine AddQuarantine(QuarantineKind scope, long key, string reason, string by, TimeSpan duration) =>
        AddQuarantines(scope, [key], reason, by, duration)[0];

    /// <summary>Ends a quarantine now; null when none with that id is in force.</summary>
    public Quarantine? LiftQuarantine(long id, string by)
    {
        var lifted = Engine.LiftQuarantine(id);
        if (lifted is not null)
        {
            Log.QuarantineLifted(_loggerFactory.CreateLogger<RecordServer>(), lifted.Id, lifted.Target, by);
        }

        return lifted;
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync(CancellationToken.None);
        _meter.Dispose();
        _latency?.Dispose();
    }

    private void CancelMaintenance()
    {
        _maintenance?.Cancel();
        _maintenance?.Dispose();
        _maintenance = null;
    }

    private async Task CloseRemainingAsync(TimeSpan grace, string reason, ILogger logger, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(grace, cancellationToken);
            var ids = Monitor.GetSessions().Select(static s => s.Id).ToList();
            // Not cancelled once begun: a graceful close under way is finished, not turned into an abrupt one.
            var outcome = await Engine.DisconnectAsync(ids, DisconnectMode.Graceful, reason, TimeSpan.FromSeconds(5), null, CancellationToken.None);
            Log.MaintenanceClosed(logger, ids.Count, string.Create(CultureInfo.InvariantCulture,
                $"closed {outcome.Closed.Count}, {outcome.AlreadyGone.Count} already gone, {outcome.StillOpen.Count} still open"));
        }
        catch (OperationCanceledException)
        {
            // Another admission mode was set during the grace period.
        }
        catch (Exception ex) when (ex is ObjectDisposedException or InvalidOperationException)
        {
            // The server stopped meanwhile.
            Log.MaintenanceFailed(logger, ex);
        }
    }

    private static PipeListener CreateListener(EngineOptions options)
    {
        if (options.EffectiveTransport == PipeTransportKind.PipeStream)
        {
            return new PipeStreamListener(options.PipeName, options.PipeAccess, options.PipeGroups);
        }

        return new SocketPipeListener(options.PipeName, CompletionSources.SocketFileMode(options.PipeAccess), options.ListenBacklog);
    }

    private static InvalidOperationException NotStarted() => new("The server is not started.");
}
