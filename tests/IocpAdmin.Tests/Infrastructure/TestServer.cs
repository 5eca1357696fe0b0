using IocpAdmin.Server.Engine;
using IocpAdmin.Server.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace IocpAdmin.Tests.Infrastructure;

/// <summary>
/// A real <see cref="RecordServer"/> in the test process: a real pipe with a unique name, a real
/// SQLite file in a temp folder. Restartable on the same file.
/// </summary>
public sealed class TestServer : IAsyncDisposable
{
    private readonly TempDirectory _directory;
    private readonly Action<EngineOptions>? _configure;
    private readonly Action<StoreOptions>? _configureStore;
    private readonly ILoggerFactory _loggerFactory;

    private TestServer(TempDirectory directory, Action<EngineOptions>? configure, Action<StoreOptions>? configureStore, ILoggerFactory? loggerFactory)
    {
        _directory = directory;
        _configure = configure;
        _configureStore = configureStore;
        _loggerFactory = loggerFactory ?? NullLoggerFactory.Instance;
        PipeName = TestNames.Pipe();
        DatabasePath = directory.File("records.db");
    }

    public string PipeName { get; }

    public string DatabasePath { get; }

    public RecordServer Server { get; private set; } = null!;

    public EngineOptions Options { get; private set; } = null!;

    public static async Task<TestServer> StartAsync(Action<EngineOptions>? configure = null, ILoggerFactory? loggerFactory = null,
        Action<StoreOptions>? configureStore = null)
    {
        var server = new TestServer(new TempDirectory(), configure, configureStore, loggerFactory);
        await server.StartServerAsync();
        return server;
    }

    public RawClient Connect() => RawClient.Connect(PipeName);

    /// <summary>Stops the server gracefully and starts a new one on the same database and pipe.</summary>
    public async Task RestartAsync()
    {
        await Server.DisposeAsync();
        await StartServerAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync();
        _directory.Dispose();
    }

    private async Task StartServerAsync()
    {
        var options = new EngineOptions
        {
            PipeName = PipeName,
            Workers = 2,
            MaxClients = 256,
            ShutdownDrainSeconds = 5,
        };
        _configure?.Invoke(options);
        Options = options;
        var store = new StoreOptions { ConnectionString = $"Data Source={DatabasePath}" };
        _configureStore?.Invoke(store);
        Server = new RecordServer(options, store, _loggerFactory);
        await Server.StartAsync(CancellationToken.None);
    }
}
