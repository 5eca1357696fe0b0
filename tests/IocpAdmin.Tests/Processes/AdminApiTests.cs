using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using IocpAdmin.Protocol;
using IocpAdmin.Tests.Infrastructure;
using Microsoft.Data.Sqlite;

namespace IocpAdmin.Tests.Processes;

/// <summary>
/// The support commands from a terminal: the real CLI against the real server's HTTP API with
/// tokens made by <c>token create</c>; a Support token acts, an Operator token reads and is refused
/// (403, audited); every call is in the audit.
/// </summary>
public sealed class AdminApiTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task Cli_WithASupportToken_ListsShowsKillsWithTheReason_AndSetsAdmission_WhileAnOperatorTokenIsRefused()
    {
        var database = _directory.File("records.db");
        await using var server = await ServerProcess.StartAsync(database);
        var support = await ServerCommand.CreateTokenAsync(database, "ci-support", "Support");
        var operatorToken = await ServerCommand.CreateTokenAsync(database, "ci-operator", "Operator");
        string[] As(string token) => ["--url", server.BaseUrl.ToString(), "--token", token];

        using var stuck = RawClient.Connect(server.PipeName);
        stuck.SendHex("09 00 00 00 01 03");
        await Eventually.TrueAsync(async () => (await CliRun.RunAsync([.. "clients list --json".Split(' '), .. As(support)])).Output.Contains("half-frame", StringComparison.Ordinal),
            TimeSpan.FromSeconds(10), "the half-frame client is listed");

        var list = await CliRun.RunAsync([.. "clients list --json --filter verdict=half-frame".Split(' '), .. As(operatorToken)]);
        Assert.Equal(0, list.ExitCode);
        var client = Assert.Single(JsonDocument.Parse(list.Output).RootElement.EnumerateArray());
        var id = client.GetProperty("id").GetInt64();
        Assert.Equal(Environment.ProcessId, client.GetProperty("processId").GetInt32());
        Assert.Equal("Receiving", client.GetProperty("state").GetString());
        Assert.StartsWith("half a frame for ", client.GetProperty("verdict").GetString(), StringComparison.Ordinal);
        Assert.Contains("(6 of 13 bytes); closes in ", client.GetProperty("verdict").GetString(), StringComparison.Ordinal);

        var show = await CliRun.RunAsync([.. $"clients show {id} --json".Split(' '), .. As(operatorToken)]);
        Assert.Equal(0, show.ExitCode);
        var detail = JsonDocument.Parse(show.Output).RootElement;
        Assert.True(detail.GetProperty("connected").GetBoolean());
        Assert.Equal("half-frame", detail.GetProperty("client").GetProperty("verdictKind").GetString());
        Assert.Contains(detail.GetProperty("history").EnumerateArray(), e => e.GetProperty("state").GetString() == "Receiving");

        var refusedKill = await CliRun.RunAsync([.. $"clients kill {id} --reason nope".Split(' '), .. As(operatorToken)]);
        Assert.Equal(4, refusedKill.ExitCode);
        Assert.Contains("takes the Support role", refusedKill.Error, StringComparison.Ordinal);
        var refusedAdmission = await CliRun.RunAsync(["admission", "drain", .. As(operatorToken)]);
        Assert.Equal(4, refusedAdmission.ExitCode);

        var kill = await CliRun.RunAsync(["clients", "kill", id.ToString(System.Globalization.CultureInfo.InvariantCulture), "--reason", "moving you", .. As(support)]);
        Assert.Equal(0, kill.ExitCode);
        Assert.StartsWith("Closed 1, 0 already gone, 0 still open", kill.Output, StringComparison.Ordinal);
        var (status, reason) = stuck.ReadResponse();
        Assert.Equal((StatusKind.Busy, "disconnected by token:ci-support: moving you"), (status, Encoding.UTF8.GetString(reason)));
        Assert.True(stuck.WaitForClose());

        var drain = await CliRun.RunAsync(["admission", "drain", .. As(support)]);
        Assert.Equal("Admission is Drain (was Ready).", drain.Output.Trim());
        using (var newcomer = RawClient.Connect(server.PipeName))
        {
            Assert.Equal(StatusKind.Busy, newcomer.ReadResponse().Status);
        }

        Assert.Equal(0, (await CliRun.RunAsync(["admission", "ready", .. As(support)])).ExitCode);
        using (var served = RawClient.Connect(server.PipeName))
        {
            served.Send(Frames.Ping([1]));
            Assert.Equal(StatusKind.Ok, served.ReadResponse().Status);
        }

        var audit = await AuditAsync(database);
        Assert.Contains(audit, e => e is { User: "token:ci-operator", Action: "api-call", Target: "POST /api/v1/clients/disconnect", Succeeded: false } && e.Details.StartsWith("HTTP 403", StringComparison.Ordinal));
        Assert.Contains(audit, e => e is { User: "token:ci-operator", Action: "api-call", Target: "PUT /api/v1/admission", Succeeded: false } && e.Details.StartsWith("HTTP 403", StringComparison.Ordinal));
        Assert.Contains(audit, e => e is { User: "token:ci-support", Action: "disconnect-client", Succeeded: true } && e.Details.Contains("\"moving you\"", StringComparison.Ordinal));
        Assert.Contains(audit, e => e is { User: "token:ci-support", Action: "set-admission", Succeeded: true } && e.Details.StartsWith("Drain", StringComparison.Ordinal));
        Assert.Contains(audit, e => e is { User: "token:ci-operator", Action: "api-call", Target: "GET /api/v1/clients", Succeeded: true });
    }

    [Fact]
    public async Task Cli_KillByFilter_ActsOnThePreviewedClients_QuarantinesTheirProcess_AndADryRunDoesNothing()
    {
        var database = _directory.File("records.db");
        await using var server = await ServerProcess.StartAsync(database);
        var support = await ServerCommand.CreateTokenAsync(database, "ci", "Support");
        string[] As() => ["--url", server.BaseUrl.ToString(), "--token", support];
        using var stuck = RawClient.Connect(server.PipeName);
        stuck.SendHex("09 00 00 00 01");
        using var fine = RawClient.Connect(server.PipeName);
        fine.Send(Frames.Ping([1]));
        fine.ReadResponse();
        await Eventually.TrueAsync(async () => (await CliRun.RunAsync(["clients", "list", "--json", "--filter", "verdict=half-frame", .. As()])).Output.Contains("\"id\"", StringComparison.Ordinal),
            TimeSpan.FromSeconds(10), "the half-frame client is listed");

        var dryRun = await CliRun.RunAsync(["clients", "kill", "--filter", "verdict=half-frame", "--reason", "stuck", "--dry-run", .. As()]);
        Assert.Equal(0, dryRun.ExitCode);
        Assert.StartsWith("Would disconnect 1 client: ", dryRun.Output, StringComparison.Ordinal);

        var kill = await CliRun.RunAsync(["clients", "kill", "--filter", "verdict=half-frame", "--reason", "stuck", "--quarantine", "2s", .. As()]);
        Assert.Equal(0, kill.ExitCode);
        Assert.Contains($"Quarantined process {Environment.ProcessId} until ", kill.Output, StringComparison.Ordinal);
        Assert.Equal(StatusKind.Busy, stuck.ReadResponse().Status);
        // The other client of the same process was not selected: it is still served.
        fine.Send(Frames.Ping([2]));
        Assert.Equal(StatusKind.Ok, fine.ReadResponse().Status);
        using (var again = RawClient.Connect(server.PipeName))
        {
            var (status, reason) = again.ReadResponse();
            Assert.Equal(StatusKind.Busy, status);
            Assert.Contains("by token:ci: stuck", Encoding.UTF8.GetString(reason), StringComparison.Ordinal);
        }

        using var http = ConsoleSignIn.Client(server.BaseUrl);
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", support);
        await Eventually.TrueAsync(async () => (await http.GetStringAsync(new Uri("/api/v1/quarantines", UriKind.Relative))) == "[]",
            TimeSpan.FromSeconds(10), "the quarantine ends");
        using var after = RawClient.Connect(server.PipeName);
        after.Send(Frames.Ping([3]));
        Assert.Equal(StatusKind.Ok, after.ReadResponse().Status);
    }

    [Fact]
    public async Task Top_Once_PrintsTheOverviewsFigures_AsJsonForScripts_AndAsText()
    {
        var database = _directory.File("records.db");
        await using var server = await ServerProcess.StartAsync(database);
        var token = await ServerCommand.CreateTokenAsync(database, "monitor", "Operator");
        using var client = RawClient.Connect(server.PipeName);
        client.Send(Frames.Ping([1]));
        client.ReadResponse();

        var figures = await Eventually.ValueAsync(async () =>
        {
            var run = await CliRun.RunAsync("top", "--once", "--json", "--url", server.BaseUrl.ToString(), "--token", token);
            Assert.Equal(0, run.ExitCode);
            return JsonDocument.Parse(run.Output).RootElement;
        }, json => json.GetProperty("connectedClients").GetInt32() == 1, TimeSpan.FromSeconds(10), "the snapshot counts the connected client");

        Assert.True(figures.GetProperty("requestsTotal").GetInt64() >= 1);
        Assert.Equal("Ready", figures.GetProperty("admission").GetString());
        Assert.Equal(1, figures.GetProperty("clientsByState").GetProperty("WaitingForData").GetInt32());
        Assert.NotEmpty(figures.GetProperty("workers").EnumerateArray());
        Assert.True(figures.GetProperty("store").TryGetProperty("commitsPerSecond", out _));
        var latency = figures.GetProperty("latency");
        Assert.Equal("PING", Assert.Single(latency.GetProperty("operations").EnumerateArray()).GetProperty("opcode").GetString());
        Assert.Equal(0, latency.GetProperty("slowTotal").GetInt64());

        var text = await CliRun.RunAsync("top", "--once", "--url", server.BaseUrl.ToString(), "--token", token);
        Assert.Equal(0, text.ExitCode);
        Assert.Contains("Requests/s", text.Output, StringComparison.Ordinal);
        Assert.Contains("Completion queue", text.Output, StringComparison.Ordinal);
        Assert.Contains("p99 PING", text.Output, StringComparison.Ordinal);
        Assert.Contains("Slow requests", text.Output, StringComparison.Ordinal);
        var live = await CliRun.RunAsync("top", "--url", server.BaseUrl.ToString(), "--token", token);
        Assert.Equal(2, live.ExitCode);
        Assert.Contains("top needs a terminal", live.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Api_RefusesNoTokenABadOneARevokedOneAndACookie_With401_AndAuditsTheRevokedOnesUse()
    {
        var database = _directory.File("records.db");
        await using var server = await ServerProcess.StartAsync(database);
        var token = await ServerCommand.CreateTokenAsync(database, "soon-revoked", "Support");
        using var http = ConsoleSignIn.Client(server.BaseUrl);

        using (var none = await http.GetAsync(new Uri("/api/v1/clients", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, none.StatusCode);
            Assert.Equal("Bearer", none.Headers.WwwAuthenticate.ToString());
        }

        Assert.Equal(HttpStatusCode.Unauthorized, (await GetAsync(http, token[..^2] + "xx")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(http, token)).StatusCode);

        // A signed-in browser's cookie is not a way in: a page elsewhere cannot use it.
        var cookies = new CookieContainer();
        await ConsoleSignIn.SignInAsync(server.BaseUrl, cookies, "admin", ConsoleSignIn.FirstAdminPassword(server));
        using var browser = ConsoleSignIn.Client(server.BaseUrl, cookies);
        using (var withCookie = await browser.GetAsync(new Uri("/api/v1/clients", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, withCookie.StatusCode);
        }

        var revoke = await ServerCommand.RunAsync(database, "token", "revoke", "soon-revoked");
        Assert.Equal(0, revoke.ExitCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await GetAsync(http, token)).StatusCode);

        var cli = await CliRun.RunAsync("clients", "list", "--url", server.BaseUrl.ToString(), "--token", token);
        Assert.Equal(1, cli.ExitCode);
        Assert.Contains("the console refused the token", cli.Error, StringComparison.Ordinal);
        var audit = await AuditAsync(database);
        Assert.Contains(audit, e => e is { User: "token:soon-revoked", Action: "api-call", Succeeded: false } && e.Details.Contains("revoked", StringComparison.Ordinal));
        Assert.Contains(audit, e => e is { User: "server", Action: "revoke-token", Target: "soon-revoked" });
    }

    [Fact]
    public async Task TokenCreate_PrintsTheSecretOnce_StoresOnlyItsHash_AndRefusesABadNameARoleOrADuplicate()
    {
        var database = _directory.File("records.db");
        var secret = await ServerCommand.CreateTokenAsync(database, "deploy", "Operator");
        Assert.Matches("^iocp_[A-Za-z0-9_-]{43}$", secret);

        var list = await ServerCommand.RunAsync(database, "token", "list");
        Assert.Contains("deploy", list.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, list.Output, StringComparison.Ordinal);
        await using (var connection = new SqliteConnection($"Data Source={database};Pooling=False"))
        {
            await connection.OpenAsync();
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT Hash FROM ApiTokens WHERE Name = 'deploy'";
            var hash = (string)(await command.ExecuteScalarAsync())!;
            Assert.NotEqual(secret, hash);
            Assert.Equal(64, hash.Length);
        }

        var duplicate = await ServerCommand.RunAsync(database, "token", "create", "deploy", "--role", "Operator");
        Assert.Equal(1, duplicate.ExitCode);
        Assert.Contains("exists already", duplicate.Error, StringComparison.Ordinal);
        var badName = await ServerCommand.RunAsync(database, "token", "create", "no spaces", "--role", "Operator");
        Assert.Equal(1, badName.ExitCode);
        var badRole = await ServerCommand.RunAsync(database, "token", "create", "x", "--role", "Admin");
        Assert.Equal(2, badRole.ExitCode);
        Assert.Contains("--role Support or --role Operator", badRole.Error, StringComparison.Ordinal);
    }

    private static async Task<HttpResponseMessage> GetAsync(HttpClient http, string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/clients");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await http.SendAsync(request);
    }

    private sealed record AuditRow(string User, string Action, string Target, string Details, bool Succeeded);

    private static async Task<List<AuditRow>> AuditAsync(string database)
    {
        await using var connection = new SqliteConnection($"Data Source={database};Pooling=False");
        await connection.OpenAsync();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT User, Action, Target, Details, Succeeded FROM AuditLog ORDER BY Id";
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<AuditRow>();
        while (await reader.ReadAsync())
        {
            rows.Add(new AuditRow(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetBoolean(4)));
        }

        return rows;
    }
}
