using System.Diagnostics;
using System.Text;
using IocpAdmin.Protocol;
using IocpAdmin.Server.Diagnostics;
using IocpAdmin.Server.Engine;
using IocpAdmin.Server.Sessions;
using IocpAdmin.Tests.Infrastructure;

namespace IocpAdmin.Tests.Integration;

// What support staff see of a client (its verdict, its history) and quarantines, per engine and transport.
public abstract partial class ProtocolContractTests
{
    [Fact]
    public async Task HalfFrame_TheVerdictShowsItsBytesAndCountdown_ThenThePartialFrameTimeoutClosesIt()
    {
        var server = await StartServerAsync(o => o.PartialFrameTimeoutSeconds = 3);
        using var client = server.Connect();
        client.SendHex("09 00 00 00 01 03");

        var session = await Eventually.ValueAsync(() => server.Server.Monitor.GetSessions().SingleOrDefault(),
            s => s?.Verdict.Kind == ClientVerdictKind.HalfFrame, TimeSpan.FromSeconds(5), "the half frame is seen");

        Assert.Equal(6, session!.PartialBytes);
        Assert.Equal(13, session.PartialFrameSize);
        Assert.Contains("(6 of 13 bytes); closes in ", session.Verdict.Text, StringComparison.Ordinal);
        Assert.Equal(TimeSpan.FromSeconds(3), session.PartialFrameTimeout);
        Assert.True(client.WaitForClose(TimeSpan.FromSeconds(10)), "the partial-frame timeout closes it");
        var closed = await Eventually.ValueAsync(() => server.Server.RecentlyClosed().FirstOrDefault(c => c.Id == session.Id),
            c => c is not null, TimeSpan.FromSeconds(5), "its close is remembered");
        Assert.Equal(CloseReason.PartialFrameTimeout, closed!.Reason);
    }

    [Fact]
    public async Task NotReading_TheVerdictSaysSo_WithTheAnswersItHasNotTaken()
    {
        var server = await StartServerAsync();
        using var client = server.Connect();
        using var stop = new CancellationTokenSource();
        var writer = client.FloodWithoutReading(stop.Token);

        var session = await Eventually.ValueAsync(() => server.Server.Monitor.GetSessions().SingleOrDefault(),
            s => s?.Verdict.Kind == ClientVerdictKind.NotReading, TimeSpan.FromSeconds(15), "the verdict says it does not read");

        Assert.Equal(SessionState.Sending, session!.State);
        Assert.True(session.UnsentBytes > 0, "answers wait for it");
        Assert.StartsWith("not reading its responses: ", session.Verdict.Text, StringComparison.Ordinal);
        Assert.EndsWith("reading from it is paused", session.Verdict.Text, StringComparison.Ordinal);
        await stop.CancelAsync();
        await server.Server.DisconnectAsync([session.Id], DisconnectMode.Now, "disconnected by test: end", TimeSpan.FromSeconds(5));
        await writer.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task History_KeepsItsTransitionsAnsweredRequestsAndCommits_InOrder()
    {
        var server = await StartServerAsync();
        using var client = server.Connect();
        client.Send(Frames.Ping([1]));
        client.ReadResponse();
        client.Send(Frames.Add(3, 4));
        client.ReadId();
        client.Send(Frames.Retrieve(99));
        Assert.Equal(StatusKind.NotFound, client.ReadResponse().Status);
        var id = server.Server.Monitor.GetSessions().Single().Id;

        // The answer goes out before the history of its send is written: wait for the last one.
        IReadOnlyList<HistoryEvent> history = [];
        await Eventually.TrueAsync(() => server.Server.Monitor.TryGetSession(id, out _, out history)
                                         && history.Count(e => e.Kind == HistoryEventKind.Request) == 3,
            TimeSpan.FromSeconds(5), "three answered requests are in the history");

        var requests = history.Where(e => e.Kind == HistoryEventKind.Request).Select(e => (e.Request, e.Status, e.Bytes)).ToList();
        Assert.Equal([(RequestKind.Ping, StatusKind.Ok, 6), (RequestKind.Add, StatusKind.Ok, 13), (RequestKind.Retrieve, StatusKind.NotFound, 13)], requests);
        Assert.Contains(history, e => e is { Kind: HistoryEventKind.Commit, Bytes: 1, Status: StatusKind.Ok });
        Assert.Contains(history, e => e is { Kind: HistoryEventKind.State, State: SessionState.Storing });
        Assert.Equal(history.OrderBy(e => e.At).Select(e => e.At), history.Select(e => e.At));
    }

    [Fact]
    public async Task History_OfAManyRequestClient_KeepsOnlyTheLast64Entries()
    {
        var server = await StartServerAsync();
        using var client = server.Connect();
        for (var i = 0; i < 100; i++)
        {
            client.Send(Frames.Ping([(byte)i]));
            client.ReadResponse();
        }

        var id = server.Server.Monitor.GetSessions().Single().Id;

        Assert.True(server.Server.Monitor.TryGetSession(id, out _, out var history));
        Assert.Equal(RecordServer.HistoryCapacity, history.Count);
        Assert.Equal(HistoryEventKind.Request, history.Last(e => e.Kind != HistoryEventKind.State).Kind);
    }

    [Fact]
    public async Task Quarantine_OfTheClientsProcess_RefusesItsNewConnectionsWithBusyUntilItEnds_ThenServesThem()
    {
        Assert.SkipUnless(KnowsProcess, "this transport cannot tell a client's process (NamedPipeServerStream on Unix): nothing to quarantine by");
        var server = await StartServerAsync();
        var quarantine = server.Server.AddQuarantine(QuarantineKind.Process, Environment.ProcessId, "go away", "alice", TimeSpan.FromSeconds(3));

        using (var refused = server.Connect())
        {
            var (status, reason) = refused.ReadResponse();
            Assert.Equal(StatusKind.Busy, status);
            Assert.Equal($"quarantined until {quarantine.Until.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ} by alice: go away", Encoding.UTF8.GetString(reason));
            Assert.True(refused.WaitForClose());
        }

        // A second refusal is counted, not remembered again: a retry storm does not push others out of the ring.
        using (var again = server.Connect())
        {
            Assert.Equal(StatusKind.Busy, again.ReadResponse().Status);
        }

        Assert.Equal(2, quarantine.Refused);
        Assert.Single(server.Server.RecentlyClosed(), c => c.Reason == CloseReason.Quarantined && c.ProcessId == Environment.ProcessId);
        Assert.Equal([quarantine], server.Server.Quarantines());
        // Once it ends, the process is served again.
        await Eventually.TrueAsync(() => server.Server.Quarantines().Count == 0, TimeSpan.FromSeconds(10), "the quarantine ends");
        using var served = server.Connect();
        served.Send(Frames.Ping([7]));
        Assert.Equal(StatusKind.Ok, served.ReadResponse().Status);
        Assert.Empty(server.Server.Quarantines());
    }

    [Fact]
    public async Task Quarantine_Lifted_ServesTheProcessAtOnce_AndAnotherProcessWasNeverRefused()
    {
        Assert.SkipUnless(KnowsProcess, "this transport cannot tell a client's process: nothing to quarantine by");
        var server = await StartServerAsync();
        // Another process id: this client is not kept out.
        var other = server.Server.AddQuarantine(QuarantineKind.Process, Environment.ProcessId + 100_000, "not you", "alice", TimeSpan.FromMinutes(5));
        var mine = server.Server.AddQuarantine(QuarantineKind.Process, Environment.ProcessId, "you", "alice", TimeSpan.FromMinutes(5));
        using (var refused = server.Connect())
        {
            Assert.Equal(StatusKind.Busy, refused.ReadResponse().Status);
        }

        Assert.Same(mine, server.Server.LiftQuarantine(mine.Id, "bob"));
        Assert.Null(server.Server.LiftQuarantine(mine.Id, "bob"));

        using var served = server.Connect();
        served.Send(Frames.Ping([1]));
        Assert.Equal(StatusKind.Ok, served.ReadResponse().Status);
        Assert.Equal([other], server.Server.Quarantines());
        Assert.Equal(0, other.Refused);
    }

    [Fact]
    public async Task Quarantine_OfTheClientsUser_RefusesItsNewConnections()
    {
        Assert.SkipUnless(KnowsUser, "only a Unix socket tells the client's user id");
        var server = await StartServerAsync();
        using (var first = server.Connect())
        {
            first.Send(Frames.Ping([1]));
            first.ReadResponse();
        }

        var uid = await Eventually.ValueAsync(() => server.Server.RecentlyClosed() is [var last, ..] ? last.UserId : null, u => u is not null,
            TimeSpan.FromSeconds(5), "the first client's user id is known");
        server.Server.AddQuarantine(QuarantineKind.User, uid!.Value, "everyone of yours", "alice", TimeSpan.FromMinutes(1));

        using var refused = server.Connect();
        var (status, reason) = refused.ReadResponse();
        Assert.Equal(StatusKind.Busy, status);
        Assert.Contains("by alice: everyone of yours", Encoding.UTF8.GetString(reason), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Disconnect_AtARate_TellsTheClientsOneAfterAnother()
    {
        var server = await StartServerAsync();
        var clients = Enumerable.Range(0, 3).Select(_ => server.Connect()).ToList();
        try
        {
            foreach (var client in clients)
            {
                client.Send(Frames.Ping([1]));
                client.ReadResponse();
            }

            var ids = server.Server.Monitor.GetSessions().Select(s => s.Id).ToList();

            var started = Stopwatch.StartNew();
            var outcome = await server.Server.DisconnectAsync(ids, DisconnectMode.Graceful, "disconnected by alice: paced", TimeSpan.FromSeconds(5), perSecond: 4);

            Assert.Equal(ids.Order(), outcome.Closed);
            // Three clients at four a second: the third is told half a second after the first.
            Assert.True(started.Elapsed >= TimeSpan.FromMilliseconds(450), $"took {started.Elapsed.TotalMilliseconds} ms");
            foreach (var client in clients)
            {
                Assert.Equal(StatusKind.Busy, client.ReadResponse().Status);
            }
        }
        finally
        {
            clients.ForEach(c => c.Dispose());
        }
    }
}
