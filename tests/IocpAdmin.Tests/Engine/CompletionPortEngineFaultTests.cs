using System.Net.Sockets;
using IocpAdmin.Protocol;
using IocpAdmin.Server.Engine;
using IocpAdmin.Server.Engine.Transport;
using IocpAdmin.Server.Sessions;
using IocpAdmin.Server.Storage;
using IocpAdmin.Tests.Infrastructure;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace IocpAdmin.Tests.Engine;

/// <summary>
/// A session that faults while its receive is pending is aborted, and the abort completes that
/// receive at once, on another worker, while the faulting worker is still closing the session. The
/// engine must close it exactly once and shrug off the late completion, never fail fast.
/// </summary>
public sealed class CompletionPortEngineFaultTests : IAsyncLifetime
{
    private const int Clients = 200;

    private readonly TempDirectory _directory = new();
    private RecordStore _store = null!;

    public async ValueTask InitializeAsync() => _store = await RecordStore.OpenAsync(
        new StoreOptions { ConnectionString = $"Data Source={_directory.File("r.db")}" }, NullLoggerFactory.Instance);

    public ValueTask DisposeAsync()
    {
        _store.Dispose();
        _directory.Dispose();
        return ValueTask.CompletedTask;
    }

    [Fact]
    public async Task Fault_WhoseAbortCompletesOnAnotherWorker_ClosesTheSessionExactlyOnce()
    {
        using var logs = new LogCapture();
        var options = new EngineOptions { PipeName = TestNames.Pipe(), Workers = 2, MaxClients = Clients, WaitForDataBeforeReceiving = false };
        var inner = new SocketPipeListener(options.PipeName, UnixFileMode.UserRead | UnixFileMode.UserWrite, 1024);
        var port = new CompletionPort(options.EffectiveConcurrency);
        inner.BindToPort(port);
        using var engine = new CompletionPortEngine(options, _store, new FaultyListener(inner), port, logs.Factory.CreateLogger("engine"));
        engine.Start();
        try
        {
            for (var i = 0; i < Clients; i++)
            {
                using var client = RawClient.Connect(options.PipeName);
                Assert.True(client.WaitForClose(), $"client {i} is closed after its session's fault");
            }

            await Eventually.TrueAsync(() => engine.Sessions.Count == 0, TimeSpan.FromSeconds(10), "every faulted session is gone");
            // Event 3 is the one line per closed session, event 5 the fault.
            var closes = logs.Events.Where(e => e.Id.Id == 3).ToList();
            Assert.Equal(Clients, logs.Events.Count(e => e.Id.Id == 5));
            Assert.Equal(Clients, closes.Count);
            Assert.All(closes, close => Assert.Contains("closed: Fault", close.Message, StringComparison.Ordinal));
        }
        finally
        {
            await engine.StopAsync(CancellationToken.None);
        }
    }

    /// <summary>The real Unix socket listener, handing out connections with the injected bug.</summary>
    private sealed class FaultyListener(SocketPipeListener inner) : PipeListener
    {
        public override string Address => inner.Address;

        public override void Start() => inner.Start();

        public override bool StartAccept(out PipeConnection? connection, out IoResult result)
        {
            var finished = inner.StartAccept(out connection, out result);
            connection = Wrap(connection);
            return finished;
        }

        public override PipeConnection? TakeAccepted() => Wrap(inner.TakeAccepted());

        public override PipeConnection? Accept(out IoResult result) => Wrap(inner.Accept(out result));

        public override void Dispose() => inner.Dispose();

        private static PipeConnection? Wrap(PipeConnection? connection) =>
            connection is SocketConnection socket ? new ThrowingAfterStartConnection(socket) : connection;
    }
}
