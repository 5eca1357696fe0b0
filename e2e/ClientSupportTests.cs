using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using IocpAdmin.E2E.Infrastructure;
using IocpAdmin.Protocol;
using IocpAdmin.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace IocpAdmin.E2E;

/// <summary>
/// Support staff finding out why a client is stuck and keeping it from coming back, in real
/// Chromium against the real server: a client's own page (verdict, countdown, history), the quick
/// filters in the URL, quarantine and lift, and API tokens made in the console used by the real CLI.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed partial class ClientSupportTests(BrowserFixture browser) : IAsyncLifetime
{
    private ConsoleServer _server = null!;
    private IBrowserContext _context = null!;
    private IPage _page = null!;

    public async ValueTask InitializeAsync()
    {
        _server = await ConsoleServer.StartFirstRunAsync("--Engine:PartialFrameTimeoutSeconds=8");
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
    public async Task ClientPage_OfAHalfFrameClient_CountsDownToTheTimeout_ThenShowsItClosedByIt()
    {
        using var stuck = RawClient.Connect(_server.PipeName);
        stuck.SendHex("09 00 00 00  01  03 00 00 00  04");
        using var healthy = RawClient.Connect(_server.PipeName);
        healthy.Send(Frames.Ping([1]));
        healthy.ReadResponse();
        await ConsolePage.OpenAsync(_page, "clients", "Clients");

        await _page.GetByTestId("quick-HalfFrame").ClickAsync();
        await Expect(_page).ToHaveURLAsync(new Regex("verdict=half-frame"));
        var row = _page.Locator("tr.client-row");
        await Expect(row).ToHaveCountAsync(1);
        await Expect(row).ToContainTextAsync("half a frame for");
        await row.GetByTestId("client-link").ClickAsync();

        await Expect(_page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync(new Regex(@"^Client \d+$"));
        var verdict = _page.GetByTestId("client-verdict");
        await Expect(verdict).ToContainTextAsync("(10 of 13 bytes); closes in ");
        var first = Countdown(await verdict.InnerTextAsync());
        await Expect(verdict).Not.ToContainTextAsync($"closes in {first} s");
        Assert.True(Countdown(await verdict.InnerTextAsync()) < first, "the countdown goes down as the page refreshes");
        await Expect(_page.GetByTestId("client-executable")).Not.ToHaveTextAsync("unknown");
        await Expect(_page.GetByTestId("client-history")).ToContainTextAsync("receiving a request");
        await ConsolePage.SaveScreenshotAsync(_page, "client-half-frame");

        await Expect(_page.GetByTestId("client-closed")).ToContainTextAsync("half a frame for too long (limit 8 s)", new() { Timeout = 20_000 });
        Assert.True(stuck.WaitForClose(), "the timeout closed its pipe");
        await ConsolePage.SaveScreenshotAsync(_page, "client-closed-by-timeout");
    }

    [Fact]
    public async Task ClientPage_OfAClientThatDoesNotRead_SaysSo_AndTheQuickFilterFindsIt()
    {
        using var deaf = RawClient.Connect(_server.PipeName);
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var writer = deaf.FloodWithoutReading(stop.Token);

        try
        {
            await ConsolePage.OpenAsync(_page, "clients?verdict=not-reading", "Clients");
            await Expect(_page.GetByTestId("quick-NotReading")).ToHaveAttributeAsync("aria-pressed", "true");
            var row = _page.Locator("tr.client-row");
            await Expect(row).ToHaveCountAsync(1, new() { Timeout = 20_000 });
            await row.GetByTestId("client-link").ClickAsync();

            var verdict = _page.GetByTestId("client-verdict");
            await Expect(verdict).ToHaveAttributeAsync("data-verdict", "NotReading");
            await Expect(verdict).ToContainTextAsync("Not reading its responses: ");
            await Expect(verdict).ToContainTextAsync("reading from it is paused");
            await ConsolePage.SaveScreenshotAsync(_page, "client-not-reading");
        }
        finally
        {
            await stop.CancelAsync();
            deaf.Dispose();
            await writer.WaitAsync(TimeSpan.FromSeconds(20));
        }
    }

    [Fact]
    public async Task Disconnect_WithQuarantine_KeepsTheProcessOutWithBusy_UntilSupportLiftsIt()
    {
        using var client = RawClient.Connect(_server.PipeName);
        client.Send(Frames.Ping([1]));
        client.ReadResponse();
        await ConsolePage.OpenAsync(_page, "clients", "Clients");
        await _page.Locator("tr.client-row").GetByTestId("client-link").ClickAsync();
        await _page.GetByTestId("client-disconnect").ClickAsync();

        var dialog = _page.GetByRole(AriaRole.Dialog);
        await dialog.GetByTestId("disconnect-reason").FillAsync("retry storm");
        await dialog.GetByTestId("disconnect-quarantine").ClickAsync();
        await _page.GetByText("Quarantine its process", new() { Exact = true }).ClickAsync();
        await dialog.GetByTestId("disconnect-quarantine-minutes").FillAsync("15");
        await dialog.GetByTestId("disconnect-quarantine-minutes").PressAsync("Tab");
        await ConsolePage.SaveScreenshotAsync(_page, "client-disconnect-quarantine");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Disconnect" }).ClickAsync();

        var (status, reason) = client.ReadResponse();
        Assert.Equal((StatusKind.Busy, "disconnected by admin: retry storm"), (status, Encoding.UTF8.GetString(reason)));
        using (var back = RawClient.Connect(_server.PipeName))
        {
            var refused = back.ReadResponse();
            Assert.Equal(StatusKind.Busy, refused.Status);
            Assert.Matches(@"^quarantined until \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ by admin: retry storm$", Encoding.UTF8.GetString(refused.Payload));
        }

        await ConsolePage.OpenAsync(_page, "clients", "Clients");
        var quarantine = _page.GetByTestId("quarantines").Locator("tr.quarantine-row");
        await Expect(quarantine).ToContainTextAsync($"process {Environment.ProcessId}");
        await Expect(quarantine).ToContainTextAsync("retry storm");
        await Expect(_page.GetByTestId("recently-closed")).ToContainTextAsync("refused on arrival: quarantined until");
        await ConsolePage.SaveScreenshotAsync(_page, "clients-quarantines");
        await quarantine.GetByRole(AriaRole.Button, new() { Name = $"Lift the quarantine of process {Environment.ProcessId}" }).ClickAsync();
        await _page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Lift" }).ClickAsync();
        await Expect(_page.GetByText($"The quarantine of process {Environment.ProcessId} is lifted.")).ToBeVisibleAsync();

        using var served = RawClient.Connect(_server.PipeName);
        served.Send(Frames.Ping([2]));
        Assert.Equal(StatusKind.Ok, served.ReadResponse().Status);
        await ConsolePage.OpenAsync(_page, "audit", "Audit");
        await Expect(_page.Locator("tr", new() { HasText = "lift-quarantine" })).ToContainTextAsync("it had refused 1 connections");
    }

    [Fact]
    public async Task FiltersSortAndGrouping_LiveInTheUrl_AndAGroupLeadsToItsClients()
    {
        using var first = RawClient.Connect(_server.PipeName);
        using var second = RawClient.Connect(_server.PipeName);
        foreach (var client in new[] { first, second })
        {
            client.Send(Frames.Ping([1]));
            client.ReadResponse();
        }

        // A value that does not parse is no filter, not an error page.
        await ConsolePage.OpenAsync(_page, "clients?pid=abc&idle=-1&desc=maybe", "Clients");
        await Expect(_page.Locator("tr.client-row")).ToHaveCountAsync(2);
        await ConsolePage.OpenAsync(_page, "clients?sort=Id&desc=true", "Clients");
        var ids = _page.Locator("tr.client-row").GetByTestId("client-link");
        await Expect(ids).ToHaveCountAsync(2);
        var shown = (await ids.AllInnerTextsAsync()).Select(long.Parse).ToList();
        Assert.Equal(shown.OrderDescending(), shown);

        await _page.GetByTestId("group-by-process").ClickAsync();
        await Expect(_page).ToHaveURLAsync(new Regex("view=groups"));
        var group = _page.GetByTestId("process-groups").Locator("tr.process-group");
        await Expect(group).ToHaveCountAsync(1);
        await Expect(group).ToContainTextAsync(Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
        await ConsolePage.SaveScreenshotAsync(_page, "clients-grouped");
        await group.ClickAsync();

        await Expect(_page).ToHaveURLAsync(new Regex($"pid={Environment.ProcessId}"));
        await Expect(_page.GetByTestId("filter-pid")).ToContainTextAsync($"process {Environment.ProcessId}");
        await Expect(_page.Locator("tr.client-row")).ToHaveCountAsync(2);
        // The same URL in a new tab shows the same selection.
        var other = await _context.NewPageAsync();
        await other.GotoAsync(_page.Url);
        await Expect(other.GetByTestId("filter-pid")).ToContainTextAsync($"process {Environment.ProcessId}");
    }

    [Fact]
    public async Task Token_MadeInTheConsole_WorksWithTheCli_UntilRevokedThere()
    {
        await ConsolePage.OpenAsync(_page, "tokens", "API tokens");
        await _page.GetByTestId("token-name").FillAsync("laptop-cli");
        await _page.GetByTestId("token-name").PressAsync("Tab");
        await ConsolePage.ChooseAsync(_page, "token-role", "Support (act)");
        await _page.GetByTestId("token-create").ClickAsync();
        var secret = (await _page.GetByTestId("token-secret").InnerTextAsync()).Trim();
        Assert.StartsWith("iocp_", secret, StringComparison.Ordinal);
        await Expect(_page.Locator("tr.token-laptop-cli")).ToContainTextAsync("Support");
        await ConsolePage.SaveScreenshotAsync(_page, "tokens");

        using var client = RawClient.Connect(_server.PipeName);
        client.Send(Frames.Ping([1]));
        client.ReadResponse();
        var list = await CliRun.RunAsync("clients", "list", "--json", "--url", _server.BaseUrl.ToString(), "--token", secret);
        Assert.Equal(0, list.ExitCode);
        Assert.Equal(Environment.ProcessId, Assert.Single(JsonDocument.Parse(list.Output).RootElement.EnumerateArray()).GetProperty("processId").GetInt32());

        await _page.GetByRole(AriaRole.Button, new() { Name = "Revoke laptop-cli" }).ClickAsync();
        await _page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Revoke" }).ClickAsync();
        await Expect(_page.Locator("tr.token-laptop-cli")).ToContainTextAsync("revoked");
        var refused = await CliRun.RunAsync("clients", "list", "--url", _server.BaseUrl.ToString(), "--token", secret);
        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("the console refused the token", refused.Error, StringComparison.Ordinal);
    }

    private static int Countdown(string verdict) => int.Parse(CountdownText().Match(verdict).Groups[1].Value, CultureInfo.InvariantCulture);

    [GeneratedRegex(@"closes in (\d+) s")]
    private static partial Regex CountdownText();
}
