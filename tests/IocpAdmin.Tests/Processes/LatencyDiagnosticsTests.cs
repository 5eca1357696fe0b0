using System.Diagnostics;
using System.Text.Json;
using IocpAdmin.Protocol;
using IocpAdmin.Tests.Infrastructure;
using Microsoft.Data.Sqlite;

namespace IocpAdmin.Tests.Processes;

/// <summary>
/// Where the time goes, end to end: the real server process, a real SQLite file whose write lock
/// another connection holds, and the real CLI reading the slow log and the doctor over the API.
/// </summary>
public sealed class LatencyDiagnosticsTests : IDisposable
{
    private static readonly TimeSpan s_lockHeld = TimeSpan.FromMilliseconds(1200);
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task WritesHeldByAnotherConnectionsLock_AreInTheSlowLogAsCommitWait_AndTheDoctorNamesTheCommitWaitAndTheLock()
    {
        var database = _directory.File("records.db");
        await using var server = await ServerProcess.StartAsync(database, null, "--Diagnostics:SlowRequestMilliseconds=300");
        var token = await ServerCommand.CreateTokenAsync(database, "doctor", "Operator");
        using var client = RawClient.Connect(server.PipeName);

        // Another connection takes the write lock (a backup, a tool with the file open), and holds it.
        var held = Stopwatch.StartNew();
        await using (var other = new SqliteConnection($"Data Source={database}"))
        {
            await other.OpenAsync();
            await using var hold = other.CreateCommand();
            hold.CommandText = "BEGIN IMMEDIATE";
            await hold.ExecuteNonQueryAsync();

            client.Send(Frames.Concat(Enumerable.Range(0, 20).Select(i => Frames.Add(i, -i)).ToArray()));
            await Task.Delay(s_lockHeld);
            hold.CommandText = "ROLLBACK";
            await hold.ExecuteNonQueryAsync();
        }

        for (var i = 0; i < 20; i++)
        {
            Assert.Equal(StatusKind.Ok, client.ReadResponse().Status);
        }

        Assert.True(held.Elapsed >= s_lockHeld);
        var slow = await Eventually.ValueAsync(async () =>
        {
            var run = await CliRun.RunAsync("slowlog", "--json", "--url", server.BaseUrl.ToString(), "--token", token);
            Assert.Equal(0, run.ExitCode);
            return JsonDocument.Parse(run.Output).RootElement.EnumerateArray().Where(e => e.GetProperty("opcode").GetString() == "ADD").ToList();
        }, entries => entries.Sum(e => e.GetProperty("requests").GetInt32()) == 20, TimeSpan.FromSeconds(10), "the 20 ADDs are in the slow log");

        foreach (var entry in slow)
        {
            var total = entry.GetProperty("totalMilliseconds").GetDouble();
            var commit = entry.GetProperty("commitMilliseconds").GetDouble();
            Assert.True(total >= 800, $"an ADD held by the lock took {total} ms");
            Assert.True(commit >= 0.8 * total, $"commit wait {commit} ms of {total} ms");
            Assert.Equal("commit", entry.GetProperty("dominant").GetString());
            Assert.Equal(Environment.ProcessId, entry.GetProperty("processId").GetInt32());
        }

        var doctor = await CliRun.RunAsync("doctor", "--json", "--url", server.BaseUrl.ToString(), "--token", token);
        Assert.Equal(0, doctor.ExitCode);
        var report = JsonDocument.Parse(doctor.Output).RootElement;
        var finding = Assert.Single(report.GetProperty("findings").EnumerateArray(), f => f.GetProperty("stage").GetString() == "commit");
        Assert.Equal("Warning", finding.GetProperty("severity").GetString());
        Assert.Contains("ADD waits for commits", finding.GetProperty("title").GetString(), StringComparison.Ordinal);
        Assert.Contains("commit wait", finding.GetProperty("evidence").GetString(), StringComparison.Ordinal);
        Assert.Contains("waiting for the write lock", finding.GetProperty("evidence").GetString(), StringComparison.Ordinal);
        Assert.Contains("holds the database's write lock", finding.GetProperty("advice").GetString(), StringComparison.Ordinal);
        var add = Assert.Single(report.GetProperty("operations").EnumerateArray(), o => o.GetProperty("opcode").GetString() == "ADD");
        Assert.Equal(20, add.GetProperty("count").GetInt64());
        Assert.Equal("commit", add.GetProperty("dominant").GetString());

        var text = await CliRun.RunAsync("doctor", "--url", server.BaseUrl.ToString(), "--token", token);
        Assert.Equal(0, text.ExitCode);
        Assert.Contains("ADD waits for commits", text.Output, StringComparison.Ordinal);
        Assert.Contains("Slow requests", text.Output, StringComparison.Ordinal);

        // Emptying the log changes what support sees: a Support token, not an Operator's.
        var refused = await CliRun.RunAsync("slowlog", "--reset", "--url", server.BaseUrl.ToString(), "--token", token);
        Assert.Equal(4, refused.ExitCode);
        var support = await ServerCommand.CreateTokenAsync(database, "support", "Support");
        var reset = await CliRun.RunAsync("slowlog", "--reset", "--url", server.BaseUrl.ToString(), "--token", support);
        Assert.Equal(0, reset.ExitCode);
        var empty = await CliRun.RunAsync("slowlog", "--json", "--url", server.BaseUrl.ToString(), "--token", support);
        Assert.Equal("[]", empty.Output.Trim());
    }

    [Fact]
    public async Task QuickRequests_StayOutOfTheSlowLog_AndTheDoctorSeesNothingStandingOut()
    {
        var database = _directory.File("records.db");
        await using var server = await ServerProcess.StartAsync(database);
        var token = await ServerCommand.CreateTokenAsync(database, "doctor", "Operator");
        using var client = RawClient.Connect(server.PipeName);
        for (var i = 0; i < 50; i++)
        {
            client.Send(Frames.Ping([1, 2, 3]));
            Assert.Equal(StatusKind.Ok, client.ReadResponse().Status);
        }

        var report = await Eventually.ValueAsync(async () =>
        {
            var run = await CliRun.RunAsync("doctor", "--json", "--url", server.BaseUrl.ToString(), "--token", token);
            Assert.Equal(0, run.ExitCode);
            return JsonDocument.Parse(run.Output).RootElement;
        }, json => json.GetProperty("operations").EnumerateArray().Any(o => o.GetProperty("opcode").GetString() == "PING"), TimeSpan.FromSeconds(10), "the PINGs are counted");

        var ping = Assert.Single(report.GetProperty("operations").EnumerateArray());
        Assert.Equal(50, ping.GetProperty("count").GetInt64());
        Assert.True(ping.GetProperty("p50Milliseconds").GetDouble() < 100);
        var share = ping.GetProperty("share");
        Assert.Equal(1.0, share.GetProperty("queue").GetDouble() + share.GetProperty("worker").GetDouble()
            + share.GetProperty("commit").GetDouble() + share.GetProperty("clientRead").GetDouble(), 2);
        Assert.Equal(0, share.GetProperty("commit").GetDouble());
        Assert.Empty(report.GetProperty("slow").EnumerateArray());
        // Nothing the server did stands out: no commit wait (PINGs have none), nothing failing. On a
        // loaded machine the test's own client may read late, which the doctor rightly calls the client's.
        Assert.All(report.GetProperty("findings").EnumerateArray(), finding =>
        {
            Assert.Contains(finding.GetProperty("severity").GetString(), new[] { "Ok", "Info" });
            Assert.NotEqual("commit", finding.GetProperty("stage").GetString());
        });
    }
}
