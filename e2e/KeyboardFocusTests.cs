using IocpAdmin.E2E.Infrastructure;
using IocpAdmin.Protocol;
using IocpAdmin.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace IocpAdmin.E2E;

/// <summary>A keyboard user's focus stays where it is while a live page refreshes around it.</summary>
[Collection(BrowserCollection.Name)]
public sealed class KeyboardFocusTests(BrowserFixture browser) : IAsyncLifetime
{
    private ConsoleServer _server = null!;
    private IBrowserContext _context = null!;
    private IPage _page = null!;

    public async ValueTask InitializeAsync()
    {
        _server = await ConsoleServer.StartFirstRunAsync();
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
    public async Task Clients_FocusOnARowsDisconnectButton_SurvivesTheRefreshes_AndEnterStillActsOnThatRow()
    {
        using var first = RawClient.Connect(_server.PipeName);
        using var second = RawClient.Connect(_server.PipeName);
        using var busy = RawClient.Connect(_server.PipeName);
        await ConsolePage.OpenAsync(_page, "clients", "Clients");
        var rows = _page.Locator("tr.client-row");
        await Expect(rows).ToHaveCountAsync(3);
        var target = rows.Nth(1).GetByRole(AriaRole.Button, new() { NameRegex = new System.Text.RegularExpressions.Regex("^Disconnect client") });
        var name = await target.GetAttributeAsync("aria-label");
        await target.FocusAsync();

        // The page refreshes every second; the busy client's request count shows each refresh.
        var requests = rows.Nth(2).Locator("td").Nth(5);
        for (var i = 1; i <= 3; i++)
        {
            busy.Send(Frames.Ping([1]));
            busy.ReadResponse();
            await Expect(requests).ToHaveTextAsync(i.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        Assert.Equal(name, await _page.EvaluateAsync<string>("document.activeElement?.getAttribute('aria-label') ?? ''"));
        await _page.Keyboard.PressAsync("Enter");
        await Expect(_page.GetByRole(AriaRole.Dialog)).ToContainTextAsync(name!["Disconnect ".Length..].Replace("client", "", StringComparison.Ordinal).Trim());
    }

    [Fact]
    public async Task Overview_FocusOnTheRangeToggle_SurvivesTheLiveUpdates()
    {
        await ConsolePage.OpenAsync(_page, "", "Overview");
        var pause = _page.GetByTestId("chart-pause");
        var live = _page.GetByTestId("overview-live");
        var first = await live.GetAttributeAsync("data-updated");
        await Expect(live).Not.ToHaveAttributeAsync("data-updated", first!);
        await pause.FocusAsync();
        var before = await live.GetAttributeAsync("data-updated");
        await Expect(live).Not.ToHaveAttributeAsync("data-updated", before!);
        var after = await live.GetAttributeAsync("data-updated");
        await Expect(live).Not.ToHaveAttributeAsync("data-updated", after!);

        Assert.Equal("chart-pause", await _page.EvaluateAsync<string>("document.activeElement?.getAttribute('data-testid') ?? ''"));
        await _page.Keyboard.PressAsync("Enter");
        await Expect(_page.GetByTestId("chart-paused")).ToBeVisibleAsync();
    }
}
