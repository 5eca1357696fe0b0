using System.Net;
using System.Text.Json;
using IocpAdmin.E2E.Infrastructure;
using IocpAdmin.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace IocpAdmin.E2E;

/// <summary>What operators notice: a remembered dark mode with no white first paint, and an audit that is live, filtered and exported.</summary>
[Collection(BrowserCollection.Name)]
public sealed class OperatorPolishTests(BrowserFixture browser) : IAsyncLifetime
{
    // Recorded before any script of the page runs, when the document has been parsed: what the first paint shows.
    private const string FirstPaintProbe = """
        document.addEventListener("DOMContentLoaded", () => {
            window.__firstPaint = getComputedStyle(document.body).backgroundColor;
        });
        """;

    private const string White = "rgb(255, 255, 255)";

    private ConsoleServer _server = null!;
    private IBrowserContext _context = null!;
    private IPage _page = null!;

    public async ValueTask InitializeAsync()
    {
        _server = await ConsoleServer.StartFirstRunAsync();
        _context = await browser.NewContextAsync(_server.BaseUrl);
        _page = await _context.NewPageAsync();
        await _page.AddInitScriptAsync(FirstPaintProbe);
        await ConsolePage.SignInAsync(_page, "admin", _server.Passwords["admin"]);
    }

    public async ValueTask DisposeAsync()
    {
        await _context.DisposeAsync();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task DarkMode_Chosen_IsRemembered_AndEveryPageIncludingSignInIsDarkFromItsFirstPaint()
    {
        await ConsolePage.OpenAsync(_page, "", "Overview");
        Assert.Equal(White, await FirstPaintAsync());
        await _page.GetByRole(AriaRole.Button, new() { Name = "Toggle dark mode" }).ClickAsync();
        await Expect(_page.Locator("body")).Not.ToHaveCSSAsync("background-color", White);
        await ThemeCookieIsAsync("dark");

        foreach (var (path, heading) in new[] { ("clients", "Clients"), ("", "Overview"), ("audit", "Audit") })
        {
            await ConsolePage.OpenAsync(_page, path, heading);
            Assert.NotEqual(White, await FirstPaintAsync());
        }

        await _page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await Expect(_page.GetByLabel("User name")).ToBeVisibleAsync();
        Assert.NotEqual(White, await FirstPaintAsync());
        await ConsolePage.SaveScreenshotAsync(_page, "sign-in-dark");

        // Light again, remembered the same way.
        await ConsolePage.SignInAsync(_page, "admin", _server.Passwords["admin"]);
        await ConsolePage.OpenAsync(_page, "", "Overview");
        await _page.GetByRole(AriaRole.Button, new() { Name = "Toggle dark mode" }).ClickAsync();
        await Expect(_page.Locator("body")).ToHaveCSSAsync("background-color", White);
        await ThemeCookieIsAsync("light");
        await ConsolePage.OpenAsync(_page, "workers", "Workers");
        Assert.Equal(White, await FirstPaintAsync());
    }

    [Fact]
    public async Task Audit_ShowsNewEntriesLive_FiltersByActionAndUser_AndExportsCsvAndJson()
    {
        await ConsolePage.OpenAsync(_page, "audit", "Audit");
        var rows = _page.GetByTestId("audit-grid").Locator("tbody tr");
        await Expect(rows.First).ToContainTextAsync("sign-in");

        // Someone else fails to sign in: the open page shows it without a reload.
        using var http = ConsoleSignIn.Client(_server.BaseUrl, new CookieContainer());
        await ConsoleSignIn.PostAsync(http, "mallory", "not-the-password");
        await Expect(rows.First).ToContainTextAsync("sign-in-failed");
        await Expect(rows.First).ToContainTextAsync("mallory");

        await _page.GetByTestId("audit-user").FillAsync("mallory");
        await Expect(_page.GetByTestId("audit-count")).ToHaveTextAsync("1 entry");
        await ConsolePage.SaveScreenshotAsync(_page, "audit-filtered");

        var csv = await DownloadAsync("audit-export-csv");
        var lines = csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("when_utc,user,action,target,details,succeeded", lines[0]);
        Assert.Single(lines[1..]);
        Assert.Contains(",mallory,sign-in-failed,", lines[1], StringComparison.Ordinal);

        var json = JsonDocument.Parse(await DownloadAsync("audit-export-json")).RootElement;
        var entry = Assert.Single(json.EnumerateArray());
        Assert.Equal(("mallory", "sign-in-failed", false),
            (entry.GetProperty("user").GetString(), entry.GetProperty("action").GetString(), entry.GetProperty("succeeded").GetBoolean()));

        // The exports themselves are in the audit, live.
        await _page.GetByTestId("audit-user").FillAsync("");
        await Expect(_page.GetByTestId("audit-grid").Locator("tbody tr", new() { HasText = "export-audit" })).ToHaveCountAsync(2);
    }

    [Fact]
    public async Task Overview_WhenTheFeedStops_GreysTheFiguresAndSaysStale_WithinTwoSeconds_AndRecovers()
    {
        await ConsolePage.OpenAsync(_page, "", "Overview");
        var mark = _page.GetByTestId("freshness");
        await Expect(mark).ToContainTextAsync("Live · updated");
        await Expect(mark).ToHaveAttributeAsync("data-stale", "false");

        // The server is frozen (SIGSTOP): nothing more reaches the page, and no connection closes.
        Signals.Send(_server.Process.Pid, "STOP");
        try
        {
            await Expect(mark).ToHaveAttributeAsync("data-stale", "true", new() { Timeout = 2000 });
            await Expect(mark).ToContainTextAsync("Stale: no update for");
            await Expect(_page.GetByTestId("overview-live")).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("feed-stale"));
            await ConsolePage.SaveScreenshotAsync(_page, "overview-stale");
        }
        finally
        {
            Signals.Send(_server.Process.Pid, "CONT");
        }

        await Expect(mark).ToHaveAttributeAsync("data-stale", "false", new() { Timeout = 20_000 });
        await Expect(mark).ToContainTextAsync("Live · updated");
    }

    [Fact]
    public async Task OverviewFigures_EachHaveAHelpText_ShownOnHover()
    {
        await ConsolePage.OpenAsync(_page, "", "Overview");

        await Expect(_page.GetByTestId("help-tip")).ToHaveCountAsync(14);
        var icon = _page.Locator("[data-metric=queue-depth]").GetByTestId("help-tip");
        await Expect(icon).ToHaveAttributeAsync("aria-label", new System.Text.RegularExpressions.Regex("^Completions waiting in the completion port for a worker now"));

        // A person sees it on hover (the tooltip opens over the circuit: under load, a first hover may come too early).
        var tip = _page.GetByText("Completions waiting in the completion port for a worker now");
        await Eventually.TrueAsync(async () =>
        {
            await icon.HoverAsync();
            try
            {
                await Expect(tip).ToBeVisibleAsync(new() { Timeout = 2000 });
                return true;
            }
            catch (PlaywrightException)
            {
                await _page.Mouse.MoveAsync(0, 0);
                return false;
            }
        }, TimeSpan.FromSeconds(30), "the help text shows on hover");
        await ConsolePage.SaveScreenshotAsync(_page, "overview-help");
    }

    [Fact]
    public async Task UnknownUrl_ShowsTheConsolesOwnNotFoundPage_With404()
    {
        var response = await _page.GotoAsync("nope/not/here");

        Assert.Equal(404, response!.Status);
        await Expect(_page.GetByRole(AriaRole.Heading, new() { Name = "Not found", Exact = true })).ToBeVisibleAsync();
        await Expect(_page.GetByRole(AriaRole.Link, new() { Name = "Back to the overview" })).ToBeVisibleAsync();
        await ConsolePage.SaveScreenshotAsync(_page, "not-found");
    }

    [Fact]
    public async Task TooManySignIns_ShowAStyledPage_WithTheRetryTime_AndAWayBack()
    {
        await using var limited = await ConsoleServer.StartFirstRunAsync("--Auth:SignInAttemptsPerMinute=1");
        await using var context = await browser.NewContextAsync(limited.BaseUrl);
        var page = await context.NewPageAsync();
        for (var attempt = 0; attempt < 2; attempt++)
        {
            await page.GotoAsync("account/login");
            await page.GetByLabel("User name").FillAsync("admin");
            await page.GetByLabel("Password").FillAsync("not-the-password");
            await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        }

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Too many sign-in attempts" })).ToBeVisibleAsync();
        await Expect(page.GetByTestId("too-many-message")).ToContainTextAsync("Try again in ");
        await ConsolePage.SaveScreenshotAsync(page, "too-many-sign-ins");
        await page.GetByTestId("too-many-back").ClickAsync();
        await Expect(page.GetByLabel("User name")).ToBeVisibleAsync();
    }

    /// <summary>The page remembers the choice a moment after it shows it: wait for the cookie before the next page.</summary>
    private Task ThemeCookieIsAsync(string mode) => Eventually.TrueAsync(
        async () => (await _context.CookiesAsync()).Any(c => c.Name == "IocpAdmin.Theme" && c.Value == mode),
        TimeSpan.FromSeconds(10), $"the page remembers {mode}");

    private async Task<string> FirstPaintAsync()
    {
        // The probe records at DOMContentLoaded, which deferred scripts may hold back a moment after the page shows.
        await _page.WaitForFunctionAsync("() => window.__firstPaint !== undefined", null, new() { Timeout = 10_000 });
        return await _page.EvaluateAsync<string?>("() => window.__firstPaint") ?? throw new InvalidOperationException("the probe did not run");
    }

    private async Task<string> DownloadAsync(string testId)
    {
        var download = await _page.RunAndWaitForDownloadAsync(() => _page.GetByTestId(testId).ClickAsync());
        var path = await download.PathAsync();
        return await File.ReadAllTextAsync(path!);
    }
}
