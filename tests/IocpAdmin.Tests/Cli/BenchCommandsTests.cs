using System.Text.Json;
using IocpAdmin.Tests.Infrastructure;

namespace IocpAdmin.Tests.Cli;

/// <summary>The CLI's bench and batch modes, run as a user runs them, against a real server and store.</summary>
public sealed class BenchCommandsTests : IAsyncLifetime
{
    private TestServer _server = null!;

    public async ValueTask InitializeAsync() => _server = await TestServer.StartAsync(o => o.MaxClients = 16);

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Bench_SeveralClientCounts_ReportsOneCleanRunPerCount()
    {
        var run = await Cli("bench", "--clients", "1,3", "-n", "40", "--op", "get", "--json");

        Assert.True(run.ExitCode == 0, run.Error);
        using var json = JsonDocument.Parse(run.Output);
        var medians = json.RootElement.GetProperty("medians").EnumerateArray().ToList();
        Assert.Equal([1, 3], medians.Select(m => m.GetProperty("clients").GetInt32()));
        Assert.Equal([40L, 120L], medians.Select(m => m.GetProperty("completed").GetInt64()));
        Assert.All(medians, m =>
        {
            Assert.Equal(0, m.GetProperty("errors").GetInt64());
            Assert.True(m.GetProperty("transactionsPerSecond").GetDouble() > 0);
            Assert.InRange(m.GetProperty("p50Ms").GetDouble(), 0.000001, m.GetProperty("maxMs").GetDouble());
        });
    }

    [Fact]
    public async Task Bench_Add_StoresEveryTransactionDurably()
    {
        var run = await Cli("bench", "--clients", "4", "-n", "25", "--op", "add", "--pipeline", "8", "--json");

        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Equal(100, _server.Server.Store.Count);
    }

    [Fact]
    public async Task Bench_Delete_DeletesWhatItAddedBeforeTheClockStarted()
    {
        var run = await Cli("bench", "--clients", "3", "-n", "30", "--op", "delete", "--json");

        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Equal(0, _server.Server.Store.Count);
        Assert.Equal(91UL, _server.Server.Store.NextId);
    }

    [Theory]
    [InlineData("mixed", "1")]
    [InlineData("mixed", "16")]
    [InlineData("ping", "4")]
    public async Task Bench_OtherScripts_RunWithoutErrors(string op, string pipeline)
    {
        var run = await Cli("bench", "--clients", "2,5", "-n", "200", "--op", op, "--pipeline", pipeline, "--json");

        Assert.True(run.ExitCode == 0, run.Error);
        using var json = JsonDocument.Parse(run.Output);
        Assert.All(json.RootElement.GetProperty("medians").EnumerateArray(), m => Assert.Equal(0, m.GetProperty("errors").GetInt64()));
    }

    [Fact]
    public async Task Bench_Table_ShowsTheFiguresOfEachRun()
    {
        var run = await Cli("bench", "--clients", "2", "-n", "10", "--op", "ping", "--runs", "3");

        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Contains("median of 3 runs", run.Output, StringComparison.Ordinal);
        Assert.Contains("tx/s", run.Output, StringComparison.Ordinal);
        Assert.Contains("p99 ms", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Batch_OriginalScript_AddsThenDeletesEverySet()
    {
        var run = await Cli("batch", "--clients", "2", "--sets", "3", "--size", "20", "--json");

        Assert.True(run.ExitCode == 0, run.Error);
        using var json = JsonDocument.Parse(run.Output);
        var median = json.RootElement.GetProperty("medians")[0];
        Assert.Equal(2 * 3 * 20 * 2, median.GetProperty("completed").GetInt64());
        Assert.Equal("batch 3x20", median.GetProperty("op").GetString());
        Assert.Equal(0, _server.Server.Store.Count);
        Assert.Equal(121UL, _server.Server.Store.NextId);
    }

    [Fact]
    public async Task Bench_MoreClientsThanTheServerTakes_CountsTheRefusedOnesAsErrors()
    {
        var run = await Cli("bench", "--clients", "20", "-n", "10", "--op", "ping", "--json");

        Assert.Equal(1, run.ExitCode);
        using var json = JsonDocument.Parse(run.Output);
        var median = json.RootElement.GetProperty("medians")[0];
        Assert.InRange(median.GetProperty("failedClients").GetInt32(), 4, 5);
        Assert.Contains("BUSY", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bench_NoServer_FailsWithOneClearLine()
    {
        var run = await CliRun.RunAsync("bench", "--pipe", TestNames.Pipe(), "--clients", "5", "--connect-timeout", "0.5");

        Assert.Equal(1, run.ExitCode);
        Assert.StartsWith("error: cannot reach the record server on pipe", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--clients", "0")]
    [InlineData("--clients", "1,x")]
    [InlineData("--op", "batch")]
    [InlineData("--op", "fly")]
    [InlineData("--pipeline", "0")]
    [InlineData("--transactions", "-1")]
    [InlineData("--runs", "0")]
    public async Task Bench_BadOption_IsAUsageError(string option, string value)
    {
        var run = await CliRun.RunAsync("bench", "--pipe", TestNames.Pipe(), option, value);

        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith("error: ", run.Error, StringComparison.Ordinal);
    }

    private Task<CliRun> Cli(params string[] args) => CliRun.RunAsync([.. args, "--pipe", _server.PipeName]);
}
