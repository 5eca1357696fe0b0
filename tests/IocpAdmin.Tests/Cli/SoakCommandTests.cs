using System.Text.Json;
using IocpAdmin.Tests.Infrastructure;

namespace IocpAdmin.Tests.Cli;

/// <summary>Soaks load both cores for a minute: they run alone, after the parallel tests, so neither distorts the other.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SoakCollection
{
    public const string Name = "soak";
}

/// <summary><c>soak</c>: the real server under the mixed benchmark in rounds, judged on errors and growth.</summary>
[Collection(SoakCollection.Name)]
public sealed class SoakCommandTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData("IoUring")]
    [InlineData("Epoll")]
    [InlineData("Managed")]
    public async Task Soak_ThousandClientsForSixtySeconds_NoErrorAndNoGrowthOfMemoryOrHandles(string source)
    {
        var run = await CliRun.RunAsync(TimeSpan.FromMinutes(4),
            "soak", "--clients", "1000", "--duration", "60s", "--warmup", "20s", "-n", "100", "--connect-timeout", "10", "--json",
            "--server-option", $"Engine:CompletionSource={source}");

        Assert.True(run.ExitCode == 0, $"{run.Error}\n{run.Output}");
        using var json = JsonDocument.Parse(run.Output);
        var verdict = json.RootElement.GetProperty("verdict");
        var rounds = json.RootElement.GetProperty("rounds").EnumerateArray().ToList();
        output.WriteLine($"{rounds.Count} rounds, {verdict.GetProperty("transactions").GetInt64():N0} transactions; settled memory " +
            $"{verdict.GetProperty("baselineResidentMb").GetDouble():F0} -> {verdict.GetProperty("finalResidentMb").GetDouble():F0} MB, handles " +
            $"{verdict.GetProperty("baselineHandles").GetInt32()} -> {verdict.GetProperty("finalHandles").GetInt32()}");
        Assert.Empty(verdict.GetProperty("failures").EnumerateArray());
        Assert.Equal(0, verdict.GetProperty("errors").GetInt64());
        Assert.True(rounds.Count(r => !r.GetProperty("warmUp").GetBoolean()) >= 3, "at least three rounds after warm-up");
        Assert.All(rounds, r => Assert.Equal(100_000, r.GetProperty("result").GetProperty("completed").GetInt64()));
        // Every round reconnects 1,000 clients: a handle kept per connection would show at once.
        var handles = rounds.Select(r => r.GetProperty("settledHandles").GetInt32()).ToList();
        Assert.True(handles.Max() - handles.Min() <= 8, $"settled handles moved: {string.Join(", ", handles)}");
    }

    [Fact]
    public async Task Soak_WhenClientsAreRefused_FailsNamingTheRoundAndTheReason()
    {
        // The server takes 10 clients; the soak brings 20. Later configuration wins, so this caps it.
        var run = await CliRun.RunAsync(TimeSpan.FromMinutes(2),
            "soak", "--clients", "20", "--duration", "5s", "-n", "50", "--server-option", "Engine:MaxClients=10");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("soak failed", run.Output);
        Assert.Contains("error: round 1:", run.Error);
        Assert.Contains("10", run.Error);
    }

    [Theory]
    [InlineData("--duration", "soon")]
    [InlineData("--duration", "2s")]
    [InlineData("--warmup", "20m")]
    [InlineData("--engine", "Fibers")]
    public async Task Soak_BadOption_IsAUsageErrorWithOneLine(string option, string value)
    {
        var run = await CliRun.RunAsync("soak", option, value);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains(option, run.Error);
        Assert.DoesNotContain("   at ", run.Error);
    }
}
