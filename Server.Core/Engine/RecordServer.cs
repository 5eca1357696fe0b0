using System.Diagnostics.Metrics;
using IocpAdmin.Server.Diagnostics;
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
    private readonly Meter _meter = new(ServerMetrics.MeterName);
    private RecordStore? _store;
    private PipeEngine? _engine;
    private EngineMonitor? _monitor;
    private int _state = (int)ServerState.Created;

    public RecordServer(EngineOptions engineOptions, StoreOptions storeOptions, ILoggerFactory loggerFactory)
    {
        _engineOptions = engineOptions;
        _storeOptions = storeOptions;
        _loggerFactory = loggerFactory;
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
            if (_engineOptions.Mode == EngineKind.ThreadPerClient)
            {
                _engine = new ThreadPerClientEngine(_engineOptions, _store, CreateListener(_engineOptions), logger);
            }
            else
            {
                var source = CompletionSources.Open(_engineOptions, () => CreateListener(_engineOptions));
                CompletionSource = source.Kind;
                CompletionSourceFallback = source.FallbackReason;
                _engine = new CompletionPortEngine(_engineOptions, _store, source.Listener, source.Port, logger) { CompletionSource = source.Kind };
                Log.CompletionSourceChosen(logger, source.Kind, _engineOptions.CompletionSource, source.FallbackReason ?? "none");
            }

            _engine.Start();
            _monitor = new EngineMonitor(_engine, TimeSpan.FromMilliseconds(250));
            ServerMetrics.Register(_meter, _monitor);
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

        await Engine.StopAsync(cancellationToken);
        Engine.Dispose();
        Store.Dispose();
        Volatile.Write(ref _state, (int)ServerState.Stopped);
    }

    /// <summary>Closes one pipe client, from any thread; false if no client with that id is connected. Idempotent.</summary>
    public bool Disconnect(long sessionId) => Engine.Disconnect(sessionId);

    /// <summary>The last connections that ended (at most <see cref="PipeEngine.RecentlyClosedCapacity"/>), newest first, with why.</summary>
    public IReadOnlyList<ClosedSession> RecentlyClosed() => Engine.RecentlyClosed();

    /// <summary>
    /// An operator's disconnect of exactly these clients, <paramref name="mode"/> as it says, telling
    /// each the <paramref name="reason"/> (graceful); returns once their connections are closed, or
    /// says which are not after a bounded wait.
    /// </summary>
    public Task<DisconnectOutcome> DisconnectAsync(IReadOnlyCollection<long> sessionIds, DisconnectMode mode, string reason, TimeSpan gracePeriod,
        CancellationToken cancellationToken = default) =>
        Engine.DisconnectAsync(sessionIds, mode, reason, gracePeriod, cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await StopAsync(CancellationToken.None);
        _meter.Dispose();
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
