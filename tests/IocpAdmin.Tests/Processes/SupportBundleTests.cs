using System.IO.Compression;
using System.Text.Json;
using IocpAdmin.Protocol;
using IocpAdmin.Tests.Infrastructure;

namespace IocpAdmin.Tests.Processes;

/// <summary><c>iocpadmin support-bundle</c> against the real server: the zip holds what support asks for, and no secret.</summary>
public sealed class SupportBundleTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task SupportBundle_HoldsFiguresLatencyClientsHistoryAuditAndConfiguration_WithoutSecrets_AndIsAudited()
    {
        var database = _directory.File("records.db");
        await using var server = await ServerProcess.StartAsync(database, null, "--Auth:LockoutFailures=7");
        var token = await ServerCommand.CreateTokenAsync(database, "bundle", "Operator");
        using var client = RawClient.Connect(server.PipeName);
        client.Send(Frames.Ping([1]));
        Assert.Equal(StatusKind.Ok, client.ReadResponse().Status);
        using (var gone = RawClient.Connect(server.PipeName))
        {
            gone.Send(Frames.Quit());
            gone.ReadResponse();
        }

        var output = _directory.File("bundle.zip");
        var run = await CliRun.RunAsync("support-bundle", "-o", output, "--url", server.BaseUrl.ToString(), "--token", token);
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("bundle.zip", run.Output, StringComparison.Ordinal);

        using (var zip = ZipFile.OpenRead(output))
        {
            Assert.Equal(
                ["README.txt", "audit.csv", "clients.json", "configuration.json", "history-24h.csv", "latency.json", "overview.json", "recently-closed.json"],
                zip.Entries.Select(e => e.FullName).Order(StringComparer.Ordinal));
            string Text(string name)
            {
                using var reader = new StreamReader(zip.GetEntry(name)!.Open());
                return reader.ReadToEnd();
            }

            Assert.True(JsonDocument.Parse(Text("overview.json")).RootElement.GetProperty("connectedClients").GetInt32() >= 1);
            Assert.Contains(JsonDocument.Parse(Text("latency.json")).RootElement.GetProperty("operations").EnumerateArray(), o => o.GetProperty("opcode").GetString() == "PING");
            Assert.Contains(JsonDocument.Parse(Text("clients.json")).RootElement.EnumerateArray(), c => c.GetProperty("processId").GetInt32() == Environment.ProcessId);
            Assert.Contains(JsonDocument.Parse(Text("recently-closed.json")).RootElement.EnumerateArray(), c => c.GetProperty("reason").GetString() == "Quit");
            Assert.StartsWith("at_utc,requests_per_second", Text("history-24h.csv"), StringComparison.Ordinal);
            Assert.Contains("create-token", Text("audit.csv"), StringComparison.Ordinal);

            var configuration = JsonDocument.Parse(Text("configuration.json")).RootElement;
            Assert.Equal("7", configuration.GetProperty("Auth:LockoutFailures").GetString());
            Assert.Equal(server.PipeName, configuration.GetProperty("Engine:PipeName").GetString());
            Assert.Equal("(removed)", configuration.GetProperty("Auth:HealthToken").GetString());
            Assert.DoesNotContain(server.HealthToken, Text("configuration.json"), StringComparison.Ordinal);
            Assert.DoesNotContain("PATH", configuration.EnumerateObject().Select(p => p.Name));
        }

        // An existing file is not replaced unless asked.
        var again = await CliRun.RunAsync("support-bundle", "-o", output, "--url", server.BaseUrl.ToString(), "--token", token);
        Assert.Equal(2, again.ExitCode);
        Assert.Contains("--force", again.Error, StringComparison.Ordinal);
        Assert.Equal(0, (await CliRun.RunAsync("support-bundle", "-o", output, "--force", "--url", server.BaseUrl.ToString(), "--token", token)).ExitCode);
    }
}
