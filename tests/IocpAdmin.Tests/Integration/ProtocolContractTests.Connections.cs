using System.Diagnostics;
using System.IO.Pipes;
using System.Text;
using IocpAdmin.Protocol;
using IocpAdmin.Server.Engine;
using IocpAdmin.Server.Sessions;
using IocpAdmin.Tests.Infrastructure;
using Microsoft.Extensions.Logging;

namespace IocpAdmin.Tests.Integration;

// Connection-level rules: timeouts, capacity, operator disconnects, shutdown, stock clients.
public abstract partial class ProtocolContractTests
{
    [Fact]
    public async Task PartialFrame_OlderThanTimeout_ClosesThatClientOnly()
    {
        var server = await StartServerAsync(o => o.PartialFrameTimeoutSeconds = 1);
        using var slow = server.Connect();
        using var healthy = server.Connect();

        slow.SendHex("09 00 00");

        Assert.True(slow.WaitForClose(TimeSpan.FromSeconds(10)), "the half frame is closed after the 1 s timeout");
        healthy.Send(Frames.Ping([1]));
        Assert.Equal(StatusKind.Ok, healthy.ReadResponse().Status);
    }

    [Fact]
    public async Task IdleClient_WithNothingBuffered_IsNotDroppedByThePartialFrameTimeout()
    {
        var server = await StartServerAsync(o => o.PartialFrameTimeoutSeconds = 1);
        using var idle = server.Connect();
        idle.Send(Frames.Ping([1]));
        Assert.Equal(StatusKind.Ok, idle.ReadResponse().Status);

        Assert.False(idle.WaitForClose(TimeSpan.FromSeconds(2.5)), "rule 7: idle clients are not dropped for being idle");

        idle.Send(Frames.Ping([2]));
        Assert.Equal(StatusKind.Ok, idle.ReadResponse().Status);
    }

    [Fact]
    public async Task Capacity_WhenMaxClientsConnected_NextClientGetsBusyNamingTheLimitAndIsClosed()
    {
        var server = await StartServerAsync(o => o.MaxClients = 2);
        using var first = server.Connect();
        using var second = server.Connect();
        first.Send(Frames.Ping([1]));
        second.Send(Frames.Ping([2]));
        first.ReadResponse();
        second.ReadResponse();

        using var third = server.Connect();

        var (status, payload) = third.ReadResponse();
        Assert.Equal(StatusKind.Busy, status);
        Assert.Contains("limit of 2 connected clients", Encoding.UTF8.GetString(payload), StringComparison.Ordinal);
        Assert.True(third.WaitForClose());
        second.Send(Frames.Ping([3]));
        Assert.Equal(StatusKind.Ok, second.ReadResponse().Status);
    }

    [Fact]
    public async Task ShortConnections_InATightLoopFromFourThreads_EveryOneFindsThePipe()
    {
        var server = await StartServerAsync();

        // Each client connects, asks, quits and is gone at once: the pipe must be there for the next
        // one meanwhile (the managed pipe on Unix removed its socket file between instances).
        var served = ClientThreads.Run(4, _ =>
        {
            var count = 0;
            for (var i = 0; i < 150; i++)
            {
                using var client = server.Connect();
                client.Send(Frames.Concat(Frames.Ping([(byte)i]), Frames.Quit()));
                Assert.Equal(StatusKind.Ok, client.ReadResponse().Status);
                Assert.Equal(StatusKind.Ok, client.ReadResponse().Status);
                count++;
            }

            return count;
        });

        Assert.Equal(600, served.Sum());
    }

    [Fact]
    public async Task ShortConnections_ThatWriteAndCloseWithoutReading_HaveEveryRequestExecuted()
    {
        Assert.SkipUnless(ServesClientsGoneBeforeTheirAccept,
            "NamedPipeServerStream cannot read a client that connected, wrote and closed between its instance's CreateNamedPipe and ConnectNamedPipe (ERROR_NO_DATA); the Win32 source serves it");
        var server = await StartServerAsync();

        // Each client writes one ADD and closes before anything can answer it: rule 6 says the ADD
        // still runs. A client can be gone before the server has even taken its connection (on
        // Windows, an instance not yet waiting when it connected was then refused with ERROR_NO_DATA).
        ClientThreads.Run(4, thread =>
        {
            for (var i = 0; i < 50; i++)
            {
                using var client = server.Connect();
                client.Send(Frames.Add(thread, i));
            }

            return 0;
        });

        await Eventually.ValueAsync(() => server.Server.Store.Count, static count => count == 200, TimeSpan.FromSeconds(20),
            "every one of the 200 ADDs is committed (the value: how many are)");
    }

    [Fact]
    public async Task Capacity_AfterAClientLeaves_ItsSlotServesTheNextClient()
    {
        var server = await StartServerAsync(o => o.MaxClients = 1);
        using (var first = server.Connect())
        {
            first.Send(Frames.Quit());
            first.ReadResponse();
            Assert.True(first.WaitForClose());
        }

        await Eventually.TrueAsync(() => server.Server.Monitor.GetSnapshot().ConnectedClients == 0, TimeSpan.FromSeconds(5),
            "the first client's slot is released");
        using var second = server.Connect();
        second.Send(Frames.Ping([7]));
        Assert.Equal(StatusKind.Ok, second.ReadResponse().Status);
    }

    [Fact]
    public async Task Disconnect_ByOperator_ClosesTheClientOnThePipe_AndIsIdempotent()
    {
        var server = await StartServerAsync();
        using var stuck = server.Connect();
        using var other = server.Connect();
        stuck.SendHex("09 00 00 00 01 03");
        other.Send(Frames.Ping([1]));
        other.ReadResponse();
        var id = await Eventually.ValueAsync(
            () => server.Server.Monitor.GetSessions().Where(s => s.HasPartialFrame).Select(s => s.Id).FirstOrDefault(),
            id => id != 0, TimeSpan.FromSeconds(5), "the stuck client shows its half frame");

        Assert.True(server.Server.Disconnect(id));
        server.Server.Disconnect(id);

        Assert.True(stuck.WaitForClose());
        await Eventually.TrueAsync(() => !server.Server.Disconnect(id), TimeSpan.FromSeconds(5), "the session is gone");
        other.Send(Frames.Ping([2]));
        Assert.Equal(StatusKind.Ok, other.ReadResponse().Status);
    }

    [Fact]
    public async Task GracefulDisconnect_AnswersWhatWasSent_DropsTheHalfFrame_ThenBusyWithTheReason_AndCloses()
    {
        using var logs = new LogCapture();
        var server = await StartServerAsync(loggerFactory: logs.Factory);
        using var client = server.Connect();
        client.Send(Frames.Concat(Frames.Ping([1]), Frames.Add(3, 4), Frames.Ping([2])));
        client.SendHex("09 00 00 00 03 01");
        var id = await Eventually.ValueAsync(
            () => server.Server.Monitor.GetSessions().Where(s => s.HasPartialFrame && s.Requests == 3).Select(s => s.Id).FirstOrDefault(),
            id => id != 0, TimeSpan.FromSeconds(5), "the three requests are read and the half frame is waiting");

        var outcome = await server.Server.DisconnectAsync([id, 987_654], DisconnectMode.Graceful, "disconnected by alice: moving you", TimeSpan.FromSeconds(5));

        Assert.Equal([id], outcome.Closed);
        Assert.Equal([987_654L], outcome.AlreadyGone);
        Assert.Empty(outcome.Forced);
        Assert.Empty(outcome.StillOpen);
        Assert.Equal(StatusKind.Ok, client.ReadResponse().Status);
        Assert.Equal(1UL, client.ReadId());
        Assert.Equal(StatusKind.Ok, client.ReadResponse().Status);
        var (status, reason) = client.ReadResponse();
        Assert.Equal((StatusKind.Busy, "disconnected by alice: moving you"), (status, Encoding.UTF8.GetString(reason)));
        Assert.True(client.WaitForClose());
        Assert.Equal(1, server.Server.Store.Count);
        Assert.Contains(logs.Events, e => e.Id.Id == 3 && e.Message.Contains("closed: Disconnected (disconnected by alice: moving you)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task GracefulDisconnect_OfAClientThatDoesNotRead_ClosesItAtOnceAfterTheGracePeriod()
    {
        var server = await StartServerAsync();
        using var client = server.Connect();
        using var stop = new CancellationTokenSource();
        // Writes and never reads, until the server stops reading from it (rule 2) and its writes block.
        var writer = client.FloodWithoutReading(stop.Token);
        long lastReceived = -1;
        var unchanged = Stopwatch.StartNew();
        var id = await Eventually.ValueAsync(() =>
        {
            var session = server.Server.Monitor.GetSessions().SingleOrDefault();
            if (session is not { State: SessionState.Sending } || session.BytesReceived != lastReceived)
            {
                lastReceived = session?.BytesReceived ?? -1;
                unchanged.Restart();
                return 0;
            }

            return unchanged.Elapsed > TimeSpan.FromMilliseconds(300) ? session.Id : 0;
        }, id => id != 0, TimeSpan.FromSeconds(15), "the server stops reading from a client that does not read");

        var outcome = await server.Server.DisconnectAsync([id], DisconnectMode.Graceful, "disconnected by alice: not reading", TimeSpan.FromMilliseconds(300));

        Assert.Equal([id], outcome.Closed);
        Assert.Equal([id], outcome.Forced);
        Assert.Empty(outcome.StillOpen);
        Assert.True(outcome.Took >= TimeSpan.FromMilliseconds(300), $"closed after {outcome.Took.TotalMilliseconds} ms, before the grace period ended");
        await stop.CancelAsync();
        client.Dispose();
        await writer.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task DisconnectNow_ClosesAtOnce_WithoutAnAnswerToWhatWasNotAnswered()
    {
        var server = await StartServerAsync();
        using var client = server.Connect();
        client.SendHex("09 00 00 00 03 01");
        var id = await Eventually.ValueAsync(
            () => server.Server.Monitor.GetSessions().Where(s => s.HasPartialFrame).Select(s => s.Id).FirstOrDefault(),
            id => id != 0, TimeSpan.FromSeconds(5), "the half frame is waiting");

        var outcome = await server.Server.DisconnectAsync([id], DisconnectMode.Now, "disconnected by alice: now", TimeSpan.FromSeconds(5));

        Assert.Equal([id], outcome.Closed);
        Assert.True(client.WaitForClose(), "closed without a frame");
        Assert.Empty(server.Server.Monitor.GetSessions());
    }

    [Fact]
    public async Task Admission_Drain_RefusesNewClientsWithBusy_ServesConnectedOnes_UntilReadyAgain()
    {
        var server = await StartServerAsync();
        using var connected = server.Connect();
        connected.Send(Frames.Ping([1]));
        connected.ReadResponse();

        Assert.Equal(AdmissionMode.Ready, server.Server.SetAdmission(AdmissionMode.Drain));

        using (var newcomer = server.Connect())
        {
            var (status, reason) = newcomer.ReadResponse();
            Assert.Equal(StatusKind.Busy, status);
            Assert.StartsWith("the server is draining", Encoding.UTF8.GetString(reason), StringComparison.Ordinal);
            Assert.True(newcomer.WaitForClose());
        }

        connected.Send(Frames.Add(1, 2));
        Assert.Equal(1UL, connected.ReadId());
        Assert.Equal(AdmissionMode.Drain, server.Server.Monitor.GetSnapshot().Admission);

        server.Server.SetAdmission(AdmissionMode.Ready);
        using var later = server.Connect();
        later.Send(Frames.Count());
        Assert.Equal(1UL, later.ReadId());
    }

    [Fact]
    public async Task Admission_Maintenance_DisconnectsTheClientsStillConnectedAfterTheGracePeriod_TellingThemWhy()
    {
        var server = await StartServerAsync();
        using var connected = server.Connect();
        connected.Send(Frames.Ping([1]));
        connected.ReadResponse();

        server.Server.SetAdmission(AdmissionMode.Maintenance, TimeSpan.FromSeconds(2), "disconnected by alice: maintenance");

        using (var newcomer = server.Connect())
        {
            Assert.Equal(StatusKind.Busy, newcomer.ReadResponse().Status);
        }

        connected.Send(Frames.Ping([2]));
        Assert.Equal(StatusKind.Ok, connected.ReadResponse().Status);
        var (status, reason) = connected.ReadResponse();
        Assert.Equal((StatusKind.Busy, "disconnected by alice: maintenance"), (status, Encoding.UTF8.GetString(reason)));
        Assert.True(connected.WaitForClose());
    }

    [Fact]
    public async Task Close_OfAClientCutOffMidFrame_LogsOneLineSayingWhyAndWhereItWas()
    {
        using var logs = new LogCapture();
        var server = await StartServerAsync(loggerFactory: logs.Factory);
        using var client = server.Connect();
        client.Send(Frames.Concat(Frames.Ping([1, 2, 3]), Frames.Ping([4])));
        client.ReadResponse();
        client.ReadResponse();
        client.SendHex("09 00 00 00 01 03");
        var id = await Eventually.ValueAsync(
            () => server.Server.Monitor.GetSessions().Where(s => s.HasPartialFrame).Select(s => s.Id).FirstOrDefault(),
            id => id != 0, TimeSpan.FromSeconds(5), "the client shows its half frame");

        Assert.True(server.Server.Disconnect(id));

        // Event 3: the one line per ended connection.
        var line = await Eventually.ValueAsync(() => logs.Events.FirstOrDefault(e => e.Id.Id == 3).Message, m => m is not null,
            TimeSpan.FromSeconds(5), "the close is logged");
        Assert.Single(logs.Events, e => e.Id.Id == 3);
        // 8 + 6 bytes of PINGs and 6 of a RETRIEVE's 13 in; the two echoes (8 + 6) out. A pipe stream knows no process id.
        Assert.Matches($"^Client {id} \\(process ({Environment.ProcessId}|unknown)\\) closed: Disconnected, in state Receiving after 2 requests, " +
            "20 bytes in, 14 bytes out; last command PING; partial frame \\d+\\.\\d s old$", line);
        Assert.Equal(LogLevel.Information, logs.Events.Single(e => e.Id.Id == 3).Level);
    }

    [Fact]
    public async Task Peer_OfAClientOnThisMachine_IsItsProcessAndUser()
    {
        var server = await StartServerAsync();
        using var client = server.Connect();
        client.Send(Frames.Count());
        client.ReadId();

        var session = Assert.Single(server.Server.Monitor.GetSessions());

        Assert.Equal(KnowsProcess ? Environment.ProcessId : null, session.ProcessId);
        Assert.Equal(KnowsUser, session.UserId is not null);
    }

    [Fact]
    public async Task Disconnect_OfAnUnknownId_ReturnsFalse()
    {
        var server = await StartServerAsync();

        Assert.False(server.Server.Disconnect(987_654));
    }

    [Fact]
    public async Task Stop_WithPipelinedRequestsReceived_AnswersThemThenCloses()
    {
        var server = await StartServerAsync();
        using var client = server.Connect();
        var frames = Enumerable.Range(0, 200).Select(i => Frames.Add(i, i)).ToArray();
        client.Send(Frames.Concat(frames));
        Assert.Equal(1ul, client.ReadId());

        await server.Server.StopAsync(CancellationToken.None);

        for (var i = 2; i <= 200; i++)
        {
            Assert.Equal((ulong)i, client.ReadId());
        }

        Assert.True(client.WaitForClose());
    }

    [Fact]
    public async Task StockDotNetPipeClient_TalksToTheServer()
    {
        var server = await StartServerAsync();
        using var pipe = new NamedPipeClientStream(".", server.PipeName, PipeDirection.InOut, PipeOptions.Asynchronous);
        await pipe.ConnectAsync(5000);

        await pipe.WriteAsync(Frames.Concat(Frames.Add(11, 22), Frames.Retrieve(1)));

        var response = new byte[26];
        await pipe.ReadExactlyAsync(response);
        Assert.Equal(Hex.Parse("09 00 00 00 00  01 00 00 00 00 00 00 00  09 00 00 00 00  0b 00 00 00  16 00 00 00"), response);
    }
}
