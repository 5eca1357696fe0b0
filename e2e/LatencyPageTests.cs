using IocpAdmin.E2E.Infrastructure;
using IocpAdmin.Protocol;
using IocpAdmin.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace IocpAdmin.E2E;

/// <summary>An operator asks where the time goes: the Latency page names the stage, the doctor says why, the slow log shows the request.</summary>
[Collection(BrowserCollection.Name)]
public sealed class LatencyPageTests(BrowserFixture browser) : IAsyncLifetime
{
    private ConsoleServer _server = null!;
    private IBrowserContext _context = null!;
    private IPage _page = null!;

    public async ValueTask InitializeAsync()
    {
        _server = await ConsoleServer.StartFirstRunAsync("--Diagnostics:SlowRequestMilliseconds=200");
        _context = await browser.NewContextAsync(_server.BaseUrl);
        _page = await _context.NewPageAsync();
        await ConsolePage.SignInAsync(_page, "admin", _server.Passwords["admin"]);
    }

    public async ValueTask DisposeAsync()
    {
        await _context.DisposeAsync();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task WritesBehindAnotherConnectionsLock_ShowAsCommitWait_InTheDoctorAndTheSlowLog_WhichLinksToTheClient()
    {
        await ConsolePage.OpenAsync(_page, "latency", "Where the time goes");
        await Expect(_page.GetByTestId("doctor-finding")).ToContainTextAsync("No requests");

        using var client = RawClient.Connect(_server.PipeName);
        await using (var other = new SqliteConnection($"Data Source={_server.Process.DatabasePath}"))
        {
            await other.OpenAsync();
            await using var hold = other.CreateCommand();
            hold.CommandText = "BEGIN IMMEDIATE";
            await hold.ExecuteNonQueryAsync();
            client.Send(Frames.Concat(Enumerable.Range(0, 12).Select(i => Frames.Add(i, i)).ToArray()));
            // The lock is held for a while, as a backup would hold it.
            await Task.Delay(TimeSpan.FromMilliseconds(600));
            hold.CommandText = "ROLLBACK";
            await hold.ExecuteNonQueryAsync();
        }

        for (var i = 0; i < 12; i++)
        {
            Assert.Equal(StatusKind.Ok, client.ReadResponse().Status);
        }

        var row = _page.Locator("[data-testid=latency-row][data-opcode=ADD]");
        await Expect(row).ToContainTextAsync("commit wait");
        await Expect(_page.Locator("[data-testid=doctor-finding][data-stage=commit]")).ToContainTextAsync("ADD waits for commits");
        await Expect(_page.Locator("[data-testid=doctor-finding][data-stage=commit]")).ToContainTextAsync("write lock");
        var slow = _page.Locator("[data-testid=slowlog-row][data-dominant=commit]");
        await Expect(slow).Not.ToHaveCountAsync(0);
        await Expect(slow.First).ToContainTextAsync("ADD");
        await ConsolePage.SaveScreenshotAsync(_page, "latency");

        await slow.First.GetByRole(AriaRole.Link).ClickAsync();
        await Expect(_page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/clients/\\d+$"));
    }
}
