using System.Text.Json;
using IocpAdmin.Tests.Infrastructure;

namespace IocpAdmin.Tests.Cli;

/// <summary>The CLI's record commands, as a user runs them, against a real server (on Windows, its published executable over a named pipe).</summary>
[Trait(WindowsLeg.Trait, WindowsLeg.Name)]
public sealed class RecordCommandsTests : IAsyncLifetime
{
    private TestServer _server = null!;

    public async ValueTask InitializeAsync() => _server = await TestServer.StartAsync();

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task AddGetDeleteCount_InSequence_ReportEachStep()
    {
        var add = await Cli("add", "3", "-4");
        Assert.Equal((0, "Added record 1 (3, -4)"), (add.ExitCode, add.Output));

        var get = await Cli("get", "1");
        Assert.Equal((0, "Record 1: (3, -4)"), (get.ExitCode, get.Output));

        var count = await Cli("count");
        Assert.Equal((0, "1"), (count.ExitCode, count.Output));

        var delete = await Cli("delete", "1");
        Assert.Equal((0, "Deleted record 1"), (delete.ExitCode, delete.Output));

        var again = await Cli("get", "1");
        Assert.Equal((3, "error: record 1 not found"), (again.ExitCode, again.Error));
    }

    [Fact]
    public async Task Json_OnEveryCommand_PrintsParsableObjects()
    {
        using var added = JsonDocument.Parse((await Cli("add", "5", "6", "--json")).Output);
        Assert.Equal(1, added.RootElement.GetProperty("id").GetInt32());

        using var got = JsonDocument.Parse((await Cli("get", "1", "--json")).Output);
        Assert.Equal((5, 6), (got.RootElement.GetProperty("a").GetInt32(), got.RootElement.GetProperty("b").GetInt32()));

        using var counted = JsonDocument.Parse((await Cli("count", "--json")).Output);
        Assert.Equal(1, counted.RootElement.GetProperty("count").GetInt32());
    }

    [Fact]
    public async Task List_MoreThanOneServerPage_PagesThroughInIdOrder()
    {
        for (var i = 0; i < 1500; i++)
        {
            await _server.Server.Store.AddAsync(i, -i);
        }

        var run = await Cli("list", "--after", "10", "--take", "1200", "--json");

        Assert.Equal(0, run.ExitCode);
        using var listed = JsonDocument.Parse(run.Output);
        var ids = listed.RootElement.EnumerateArray().Select(e => e.GetProperty("id").GetInt64()).ToList();
        Assert.Equal(Enumerable.Range(11, 1200).Select(i => (long)i), ids);
    }

    [Fact]
    public async Task List_AsText_ShowsATableAndWhereToContinue()
    {
        await _server.Server.Store.AddAsync(1, 2);
        await _server.Server.Store.AddAsync(3, 4);

        var run = await Cli("list", "--take", "1");

        Assert.Equal(0, run.ExitCode);
        // Box lines in Unicode, or in the ASCII Spectre.Console falls back to where the output's
        // encoding has no box characters (a redirected console on Windows).
        Assert.Matches(@"[│¦|]\s+1 [│¦|] 1 [│¦|] 2 [│¦|]", run.Output);
        Assert.EndsWith("1 record after id 0; more with --after 1", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ping_WithPayload_ReportsRoundTrips()
    {
        var run = await Cli("ping", "-n", "5", "--size", "1000");

        Assert.Equal(0, run.ExitCode);
        Assert.StartsWith($"Pong from '{_server.PipeName}': 5 x 1000 bytes", run.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("add 1", "missing required argument 'B'")]
    [InlineData("add 1 2147483648", "2147483648")]
    [InlineData("get 0", "ID must be 1 or more")]
    [InlineData("get abc", "abc")]
    [InlineData("list --take 0", "--take must be between")]
    [InlineData("ping --size 70000", "--size must be between 0 and 65535")]
    [InlineData("frobnicate", "Unknown command 'frobnicate'")]
    public async Task BadUsage_ExitsWithCodeTwoAndOneLine(string args, string message)
    {
        var run = await Cli(args.Split(' '));

        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith("error: ", run.Error, StringComparison.Ordinal);
        Assert.Contains(message, run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', run.Error);
    }

    private Task<CliRun> Cli(params string[] args) => CliRun.RunAsync([.. args, "--pipe", _server.PipeName]);
}
