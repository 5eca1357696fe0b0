using IocpAdmin.Protocol;
using IocpAdmin.Tests.Infrastructure;

namespace IocpAdmin.Tests.Cli;

/// <summary>How the CLI behaves when the server is absent or full: bounded retries, then one clear line.</summary>
public sealed class ConnectionFailureTests
{
    [Fact]
    public async Task NoServer_RetriesWithBackoffThenFailsNamingThePipe()
    {
        var pipe = TestNames.Pipe();

        var run = await CliRun.RunAsync("count", "--pipe", pipe, "--retries", "2", "--connect-timeout", "0.5");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains($"cannot reach the record server on pipe '{pipe}'", run.Error, StringComparison.Ordinal);
        Assert.Contains("3 attempts", run.Error, StringComparison.Ordinal);
        Assert.InRange(run.Elapsed, TimeSpan.FromSeconds(1.5), TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task ServerAtCapacity_RetriesThenReportsTheBusyReason()
    {
        await using var server = await TestServer.StartAsync(o => o.MaxClients = 1);
        using var holder = server.Connect();
        holder.Send(Frames.Ping([1]));
        Assert.Equal(StatusKind.Ok, holder.ReadResponse().Status);

        var run = await CliRun.RunAsync("add", "1", "2", "--pipe", server.PipeName, "--retries", "2");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("the record server is busy: the server is at its limit of 1 connected clients", run.Error, StringComparison.Ordinal);
        Assert.Contains("3 attempts", run.Error, StringComparison.Ordinal);
        Assert.Equal(0, server.Server.Store.Count);
    }

    [Fact]
    public async Task ServerAtCapacity_SlotFreedWhileRetrying_TheCommandSucceeds()
    {
        await using var server = await TestServer.StartAsync(o => o.MaxClients = 1);
        var holder = server.Connect();
        holder.Send(Frames.Ping([1]));
        Assert.Equal(StatusKind.Ok, holder.ReadResponse().Status);

        // Backoff from 200 ms with jitter, doubling: six retries span several seconds.
        var run = CliRun.RunAsync("add", "1", "2", "--pipe", server.PipeName, "--retries", "6");
        await Eventually.TrueAsync(() => server.Server.Monitor.GetSnapshot().RefusedTotal >= 1, TimeSpan.FromSeconds(10),
            "the CLI was refused at least once");
        holder.Dispose();
        var result = await run;

        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Equal(1, server.Server.Store.Count);
    }

    [Fact]
    public async Task ServerStartsLate_ConnectRetriesUntilItAnswers()
    {
        var pipe = TestNames.Pipe();
        var run = CliRun.Start(TimeSpan.FromSeconds(60), "ping", "--pipe", pipe, "--retries", "20", "--connect-timeout", "0.5", "--verbose");

        await run.WaitForErrorAsync("attempt 1 of 21 failed (no server answered", TimeSpan.FromSeconds(30));
        await using var server = await TestServer.StartAsync(o => o.PipeName = pipe);

        var result = await run.Completion;
        Assert.Equal(0, result.ExitCode);
        Assert.StartsWith($"Pong from '{pipe}'", result.Output, StringComparison.Ordinal);
    }
}
