using System.Text.Json;
using IocpAdmin.Tests.Infrastructure;

namespace IocpAdmin.Tests.Cli;

/// <summary><c>compare</c>: it starts the real server twice, one engine each, and measures both.</summary>
public sealed class CompareCommandTests
{
    [Fact]
    public async Task Compare_SmallMatrix_MeasuresBothEnginesSideBySide()
    {
        // 2,000 requests a client: the run lasts long enough for the 100 ms samples to see every client's thread
        // (with 100 it took 50 ms, and under a loaded test run the one sample at peak came too early).
        var run = await CliRun.RunAsync("compare", "--clients", "1,6", "-n", "2000", "--op", "get", "--json");

        Assert.True(run.ExitCode == 0, run.Error);
        using var json = JsonDocument.Parse(run.Output);
        var rows = json.RootElement.GetProperty("rows").EnumerateArray().ToList();
        Assert.Equal([1, 6], rows.Select(r => r.GetProperty("clients").GetInt32()));
        foreach (var row in rows)
        {
            foreach (var engine in new[] { "completionPort", "threadPerClient" })
            {
                Assert.Equal(row.GetProperty("clients").GetInt32() * 2000L, row.GetProperty(engine).GetProperty("completed").GetInt64());
                var server = row.GetProperty(engine + "Server");
                Assert.True(server.GetProperty("peakMemoryMb").GetDouble() > 10);
                Assert.True(server.GetProperty("cpuSeconds").GetDouble() > 0);
            }

            Assert.True(row.GetProperty("ratio").GetDouble() > 0);
        }

        // Thread per client really is: six clients, six client threads (counted by name: the total
        // beside them moves as the thread pool retires idle threads). The completion port has none.
        var six = rows[1];
        Assert.Equal(6, six.GetProperty("threadPerClientServer").GetProperty("peakClientThreads").GetInt32());
        Assert.Equal(0, six.GetProperty("completionPortServer").GetProperty("peakClientThreads").GetInt32());
        var cp = six.GetProperty("completionPortServer");
        Assert.True(cp.GetProperty("peakThreads").GetInt32() < cp.GetProperty("idleThreads").GetInt32() + 6, six.ToString());
    }

    [Fact]
    public async Task Compare_ServerFileMissing_FailsWithOneClearLine()
    {
        var run = await CliRun.RunAsync("compare", "--clients", "1", "--server", "/nonexistent/Server.Web.dll");

        Assert.Equal(1, run.ExitCode);
        Assert.StartsWith("error: --server: no file at '/nonexistent/Server.Web.dll'", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Compare_ServerThatCannotStart_ReportsItsOutput()
    {
        var run = await CliRun.RunAsync("compare", "--clients", "1", "--server-option", "Engine:MaxClients=-5");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("the server did not start", run.Error, StringComparison.Ordinal);
        Assert.Contains("MaxClients", run.Error, StringComparison.Ordinal);
    }
}
