using IocpAdmin.Protocol;
using IocpAdmin.Server.Diagnostics.Latency;
using IocpAdmin.Server.Engine;
using IocpAdmin.Tests.Infrastructure;

namespace IocpAdmin.Tests.Integration;

// Where the time goes, per engine and completion source (the Win32 port under Wine too).
public abstract partial class ProtocolContractTests
{
    [Fact]
    public async Task EveryAnsweredRequest_IsTimedByStage_WritesWithTheirCommit_ReadsWithout()
    {
        var server = await StartServerAsync();
        using var client = server.Connect();
        for (var i = 0; i < 20; i++)
        {
            client.Send(Frames.Ping([1, 2]));
            Assert.Equal(StatusKind.Ok, client.ReadResponse().Status);
        }

        for (var i = 0; i < 10; i++)
        {
            client.Send(Frames.Add(i, i));
            client.ReadId();
        }

        // Counted when the send that carries the answer completes, which may follow the client's read by a moment.
        var totals = await Eventually.ValueAsync(() => Task.FromResult(server.Server.Latency.Latency.Read()),
            t => t.Count(RequestKind.Ping) == 20 && t.Count(RequestKind.Add) == 10, TimeSpan.FromSeconds(5), "every request is counted once");

        Assert.Equal(0, totals.Count(RequestKind.Retrieve));
        if (server.Server.Mode == EngineKind.CompletionPort)
        {
            // Each request reached a worker through the port (for an idle client, as the readiness that
            // woke it): that wait is measured, however short.
            Assert.True(totals.Mean(RequestKind.Ping, LatencyStageKind.Queue) > 0, "the port's wait is counted as queue time");
        }

        Assert.Equal(0, totals.Mean(RequestKind.Ping, LatencyStageKind.Commit));
        Assert.True(totals.Mean(RequestKind.Add, LatencyStageKind.Commit) > 0, "an ADD waits for its commit");
        foreach (var kind in new[] { RequestKind.Ping, RequestKind.Add })
        {
            var shares = totals.Share(kind, LatencyStageKind.Queue) + totals.Share(kind, LatencyStageKind.Worker)
                + totals.Share(kind, LatencyStageKind.Commit) + totals.Share(kind, LatencyStageKind.ClientRead);
            Assert.Equal(1.0, shares, 3);
            Assert.True(totals.Percentile(kind, LatencyStageKind.Total, 0.5) > 0);
        }

        var report = server.Server.Latency.Report();
        Assert.Equal(10, report.Operations.Single(o => o.Kind == RequestKind.Add).Count);
    }
}
