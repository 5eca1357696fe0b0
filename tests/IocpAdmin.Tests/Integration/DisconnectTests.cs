using IocpAdmin.Server.Engine;
using IocpAdmin.Server.Sessions;
using IocpAdmin.Tests.Infrastructure;
using Microsoft.Data.Sqlite;

namespace IocpAdmin.Tests.Integration;

/// <summary>An operator's disconnect while the client's write is with the store: the client goes, the write stays.</summary>
public sealed class DisconnectTests
{
    [Theory]
    [InlineData(EngineKind.CompletionPort)]
    [InlineData(EngineKind.ThreadPerClient)]
    public async Task Disconnect_WhileTheClientsAddIsCommitting_ClosesTheClientAndStillCommitsTheRecord(EngineKind mode)
    {
        await using var server = await TestServer.StartAsync(o => o.Mode = mode, configureStore: s => s.BusyTimeoutSeconds = 30);
        // Another process's write lock holds the store's commit back for as long as the test needs.
        using var blocker = new SqliteConnection($"Data Source={server.DatabasePath}");
        blocker.Open();
        using var lockTransaction = blocker.BeginTransaction(deferred: false);
        using var client = server.Connect();

        client.Send(Frames.Add(42, 43));
        var session = await Eventually.ValueAsync(() => server.Server.Monitor.GetSessions().SingleOrDefault(),
            s => s?.State == SessionState.Storing, TimeSpan.FromSeconds(10), "the ADD is with the store");
        Assert.True(server.Server.Disconnect(session!.Id));
        Assert.True(server.Server.Disconnect(session.Id), "asking twice is harmless");

        lockTransaction.Rollback();

        Assert.True(client.WaitForClose());
        await Eventually.TrueAsync(() => server.Server.Store.Count == 1, TimeSpan.FromSeconds(10), "the in-flight ADD commits");
        Assert.True(server.Server.Store.TryGet(1, out var a, out var b));
        Assert.Equal((42, 43), (a, b));
        await Eventually.TrueAsync(() => server.Server.Monitor.GetSnapshot().ConnectedClients == 0, TimeSpan.FromSeconds(10), "the session is gone");
    }
}
