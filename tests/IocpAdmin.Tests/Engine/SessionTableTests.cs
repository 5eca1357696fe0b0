using IocpAdmin.Server.Engine;
using IocpAdmin.Tests.Infrastructure;

namespace IocpAdmin.Tests.Engine;

public sealed class SessionTableTests
{
    [Fact]
    public void CompletionKeys_SlotAndGeneration_RoundTripAndNeverEqualTheListener()
    {
        var key = CompletionKeys.ForSlot(41, 7);

        Assert.Equal(41, CompletionKeys.SlotOf(key));
        Assert.Equal(7u, CompletionKeys.GenerationOf(key));
        Assert.NotEqual(CompletionKeys.Listener, CompletionKeys.ForSlot(0, 0));
    }

    [Fact]
    public async Task StaleKey_OfAClosedClientWhoseSlotWasReused_NeverReachesTheNewClient()
    {
        await using var server = await TestServer.StartAsync(o => o.MaxClients = 1);
        var engine = server.Server.Engine;
        ulong oldKey;
        using (var first = server.Connect())
        {
            first.Send(Frames.Ping([1]));
            first.ReadResponse();
            oldKey = server.Server.Monitor.GetSessions().Single().Key;
            first.Send(Frames.Quit());
            first.ReadResponse();
            Assert.True(first.WaitForClose());
        }

        await Eventually.TrueAsync(() => engine.Sessions.Count == 0, TimeSpan.FromSeconds(5), "the first client's slot is free");
        using var second = server.Connect();
        second.Send(Frames.Ping([2]));
        second.ReadResponse();
        var newKey = server.Server.Monitor.GetSessions().Single().Key;
        Assert.Equal(CompletionKeys.SlotOf(oldKey), CompletionKeys.SlotOf(newKey));
        Assert.NotEqual(oldKey, newKey);

        // A late store completion and a late receive completion for the old connection.
        engine.Port!.Post(CompletionPacket.Control(oldKey, CompletionKind.Store));
        engine.Port.Post(new CompletionPacket(oldKey, CompletionKind.Receive, IoErrorKind.None, 13));

        await Eventually.TrueAsync(() => ((IocpAdmin.Server.Engine.CompletionPortEngine)engine).StaleCompletions >= 2,
            TimeSpan.FromSeconds(5), "both stale packets are dropped by the generation check");
        second.Send(Frames.Ping([3]));
        Assert.Equal(IocpAdmin.Protocol.StatusKind.Ok, second.ReadResponse().Status);
    }
}
