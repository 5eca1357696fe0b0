using System.Diagnostics;
using System.Net;
using IocpAdmin.Tests.Infrastructure;
using Microsoft.Data.Sqlite;

namespace IocpAdmin.Tests.Processes;

/// <summary>
/// Failed sign-ins lock the account whatever the address (the per-address limit is set high here, so
/// only the lockout can stop them), with the wrong-password message, logged and audited.
/// </summary>
public sealed class AccountLockoutTests : IDisposable
{
    private static readonly IPAddress s_otherAddress = IPAddress.Parse("127.0.0.2");
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task FailedSignIns_LockTheAccount_TheRightPasswordFromANewAddressIsRefusedAsWrong_AndItIsAudited()
    {
        var database = _directory.File("records.db");
        await using var server = await ServerProcess.StartAsync(database, null, "--Auth:LockoutFailures=3", "--Auth:SignInAttemptsPerMinute=1000");
        var password = ConsoleSignIn.FirstAdminPassword(server);

        using (var guesser = ConsoleSignIn.Client(server.BaseUrl))
        {
            for (var i = 0; i < 3; i++)
            {
                using var wrong = await ConsoleSignIn.PostAsync(guesser, "admin", $"guess-{i}");
                Assert.Equal(HttpStatusCode.OK, wrong.StatusCode);
                Assert.Contains(ConsoleSignIn.WrongNameOrPassword, await wrong.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            }

            // A name that does not exist gets the same answer and leaves nothing to fill the table with.
            for (var i = 0; i < 4; i++)
            {
                using var unknown = await ConsoleSignIn.PostAsync(guesser, "nobody", "guess");
                Assert.Contains(ConsoleSignIn.WrongNameOrPassword, await unknown.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            }
        }

        using var owner = ConsoleSignIn.Client(server.BaseUrl, from: s_otherAddress);
        using var refused = await ConsoleSignIn.PostAsync(owner, "admin", password);

        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains(ConsoleSignIn.WrongNameOrPassword, await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.DoesNotContain(refused.Headers, h => h.Key == "Set-Cookie" && h.Value.Any(v => v.StartsWith("IocpAdmin.Auth", StringComparison.Ordinal)));
        Assert.Contains("Account admin is locked after 3 failed sign-ins, the last from 127.0.0.1, for 5 min", server.Output, StringComparison.Ordinal);
        Assert.Contains("A sign-in of locked account admin from 127.0.0.2 was refused", server.Output, StringComparison.Ordinal);

        var audit = await ReadAsync(database, "SELECT User, Action, Details, Succeeded FROM AuditLog ORDER BY Id",
            r => (User: r.GetString(0), Action: r.GetString(1), Details: r.GetString(2), Succeeded: r.GetBoolean(3)));
        Assert.Equal(
            ["sign-in-failed", "sign-in-failed", "sign-in-failed", "account-locked", "sign-in-failed", "sign-in-failed", "sign-in-failed", "sign-in-failed", "sign-in-locked"],
            audit.Select(e => e.Action));
        var locked = audit.Single(e => e.Action == "account-locked");
        Assert.Equal("admin", locked.User);
        Assert.StartsWith("after 3 failed sign-ins within 15 min, the last from 127.0.0.1; locked for 5 min, until ", locked.Details, StringComparison.Ordinal);
        var lockedSignIn = audit[^1];
        Assert.Equal(("admin", false), (lockedSignIn.User, lockedSignIn.Succeeded));
        Assert.StartsWith("from 127.0.0.2; the account is locked until ", lockedSignIn.Details, StringComparison.Ordinal);
        Assert.Equal(["admin"], await ReadAsync(database, "SELECT UserName FROM AccountLockouts", r => r.GetString(0)));
    }

    [Fact]
    public async Task Lock_Ends_ThenTheRightPasswordSignsIn()
    {
        await using var server = await ServerProcess.StartAsync(_directory.File("records.db"), null,
            "--Auth:LockoutFailures=2", "--Auth:LockoutDuration=00:00:03", "--Auth:SignInAttemptsPerMinute=1000");
        var password = ConsoleSignIn.FirstAdminPassword(server);
        using var http = ConsoleSignIn.Client(server.BaseUrl);
        (await ConsoleSignIn.PostAsync(http, "admin", "guess-1")).Dispose();

        // The lock starts while this post is served: no sign-in can succeed until 3 s after it was sent.
        var locking = Stopwatch.StartNew();
        (await ConsoleSignIn.PostAsync(http, "admin", "guess-2")).Dispose();
        await Eventually.TrueAsync(async () =>
        {
            using var response = await ConsoleSignIn.PostAsync(http, "admin", password);
            return response.StatusCode == HttpStatusCode.Redirect;
        }, TimeSpan.FromSeconds(30), "the right password signs in once the lock has ended");

        Assert.True(locking.Elapsed >= TimeSpan.FromSeconds(3), $"signed in {locking.Elapsed.TotalSeconds:F1} s after the locking failure");
        Assert.Contains("for 3 s", server.Output, StringComparison.Ordinal);
    }

    private static async Task<List<T>> ReadAsync<T>(string database, string sql, Func<SqliteDataReader, T> read)
    {
        await using var connection = new SqliteConnection($"Data Source={database};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<T>();
        while (await reader.ReadAsync())
        {
            rows.Add(read(reader));
        }

        return rows;
    }
}
