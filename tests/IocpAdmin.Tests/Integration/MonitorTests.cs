using System.Diagnostics.Metrics;
using IocpAdmin.Protocol;
using IocpAdmin.Server.Engine;
using IocpAdmin.Server.Sessions;
using IocpAdmin.Tests.Infrastructure;

namespace IocpAdmin.Tests.Integration;

/// <summary>The monitor's snapshots and the meter's instruments report what clients did.</summary>
public sealed class MonitorTests : IAsyncLifetime
{
    private TestServer _server = null!;

    public async ValueTask InitializeAsync() => _server = await TestServer.StartAsync(o => o.Workers = 2);

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task RecentlyClosed_ListsEndedConnectionsNewestFirst_WithWhyInWords()
    {
        using (var quitter = _server.Connect())
        {
            quitter.Send(Frames.Concat(Frames.Count(), Frames.Quit()));
            quitter.ReadId();
            quitter.ReadResponse();
            Assert.True(quitter.WaitForClose());
        }

        using (var broken = _server.Connect())
        {
            broken.SendHex("01 00 00 00 7f");
            Assert.Equal(StatusKind.BadRequest, broken.ReadResponse().Status);
            Assert.True(broken.WaitForClose());
        }

        using var stuck = _server.Connect();
        stuck.SendHex("09 00 00");
        var id = await Eventually.ValueAsync(() => _server.Server.Monitor.GetSessions().SingleOrDefault(s => s.HasPartialFrame)?.Id ?? 0,
            id => id != 0, TimeSpan.FromSeconds(5), "the stuck client shows its half frame");
        await _server.Server.DisconnectAsync([id], DisconnectMode.Graceful, "disconnected by alice: stuck", TimeSpan.FromSeconds(5));

        var closed = await Eventually.ValueAsync(() => _server.Server.RecentlyClosed(), c => c.Count == 3, TimeSpan.FromSeconds(5), "three connections ended");
        Assert.Equal(
            [(CloseReason.Disconnected, "disconnected by alice: stuck"), (CloseReason.BadRequest, "bad frame (BAD_REQUEST sent)"), (CloseReason.Quit, "the client sent QUIT")],
            closed.Select(c => (c.Reason, c.Why)));
        Assert.Equal(id, closed[0].Id);
        Assert.Equal(Environment.ProcessId, closed[0].ProcessId);
        Assert.Equal(2, closed[2].Requests);
        Assert.Equal("QUIT", closed[2].LastRequestName);
        Assert.All(closed, c => Assert.True(c.ClosedAt >= c.ConnectedAt));
    }

    [Fact]
    public async Task Sessions_AfterRequests_ShowCountsBytesLastRequestAndPeerIdentity()
    {
        using var active = _server.Connect();
        using var idle = _server.Connect();
        var frames = Frames.Concat(Frames.Add(1, 1), Frames.Add(2, 2), Frames.Ping([1, 2, 3]));
        active.Send(frames);
        active.ReadId();
        active.ReadId();
        active.ReadResponse();
        idle.Send(Frames.Count());
        idle.ReadId();

        var sessions = await Eventually.ValueAsync(() => _server.Server.Monitor.GetSessions(),
            s => s.Count == 2 && s.All(x => x.State is SessionState.WaitingForData or SessionState.Receiving) && s.Sum(x => x.Requests) == 4,
            TimeSpan.FromSeconds(5), "both clients wait for their next request");

        var busy = sessions.Single(s => s.Requests == 3);
        Assert.Equal(frames.Length, busy.BytesReceived);
        Assert.Equal(13 + 13 + 8, busy.BytesSent);
        Assert.Equal("PING", busy.LastRequestName);
        Assert.False(busy.HasPartialFrame);
        Assert.Equal(Environment.ProcessId, busy.ProcessId);
        Assert.NotNull(busy.UserId);
        Assert.Equal("COUNT", sessions.Single(s => s.Requests == 1).LastRequestName);
    }

    [Fact]
    public async Task Snapshot_AfterTraffic_ReportsTotalsWorkersAndGroupCommits()
    {
        using (var client = _server.Connect())
        {
            client.Send(Frames.Concat(Enumerable.Range(0, 100).Select(i => Frames.Add(i, i)).ToArray()));
            for (var i = 0; i < 100; i++)
            {
                client.ReadId();
            }

            client.Send(Frames.Quit());
            client.ReadResponse();
            Assert.True(client.WaitForClose());
        }

        var snapshot = await Eventually.ValueAsync(() => _server.Server.Monitor.GetSnapshot(),
            s => s.ConnectedClients == 0 && s.RequestsTotal == 101, TimeSpan.FromSeconds(5), "the closed client's requests stay counted");

        Assert.Equal(2, snapshot.Workers.Count);
        Assert.All(snapshot.Workers, w => Assert.InRange(w.BusyPercent, 0, 100));
        Assert.True(snapshot.Workers.Sum(w => w.Completions) > 0);
        Assert.Equal(100, snapshot.Store.Records);
        Assert.Equal(100, snapshot.Store.OperationsCommitted);
        Assert.True(snapshot.Store.Commits < 100, "100 pipelined ADDs were committed in fewer transactions");
        Assert.Equal(101ul, snapshot.Store.NextId);
        Assert.Equal(1, snapshot.AcceptedTotal);
        Assert.Equal(0, snapshot.PortQueueDepth);
        Assert.True(snapshot.ProcessThreads > 2);
    }

    [Fact]
    public void Meter_IocpAdminServer_PublishesConnectedClientsRequestsAndWorkerBusy()
    {
        using var client = _server.Connect();
        client.Send(Frames.Concat(Frames.Ping([1]), Frames.Add(1, 2)));
        client.ReadResponse();
        client.ReadId();
        var values = new Dictionary<string, double>();
        var workerTags = new HashSet<object?>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter == _server.Server.Meter)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => values[instrument.Name] = value);
        listener.SetMeasurementEventCallback<int>((instrument, value, tags, _) => values[instrument.Name] = value);
        listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) =>
        {
            values[instrument.Name] = value;
            foreach (var tag in tags)
            {
                workerTags.Add(tag.Value);
            }
        });
        listener.Start();

        listener.RecordObservableInstruments();

        Assert.Equal("IocpAdmin.Server", _server.Server.Meter.Name);
        Assert.Equal(1, values["iocpadmin.clients.connected"]);
        Assert.Equal(2, values["iocpadmin.requests"]);
        Assert.Equal(1, values["iocpadmin.store.records"]);
        Assert.True(values.ContainsKey("iocpadmin.port.queue_depth"));
        Assert.Equal(2, workerTags.Count);
    }
}
