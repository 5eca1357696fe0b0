using IocpAdmin.E2E.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace IocpAdmin.E2E;

/// <summary>When the browser loses the server, the console says so instead of showing stale figures silently.</summary>
[Collection(BrowserCollection.Name)]
public sealed class ReconnectTests(BrowserFixture browser) : IAsyncLifetime
{
    private ConsoleServer _server = null!;

    public async ValueTask InitializeAsync() => _server = await ConsoleServer.StartFirstRunAsync();

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task ServerGone_ShowsTheReconnectingBanner()
    {
        await using var context = await browser.NewContextAsync(_server.BaseUrl);
        var page = await context.NewPageAsync();
        await ConsolePage.SignInAsync(page, "admin", _server.Passwords["admin"]);
        await ConsolePage.OpenAsync(page, "", "Overview");
        var banner = page.Locator("#components-reconnect-modal");
        await Expect(banner).Not.ToBeVisibleAsync();

        await _server.Process.KillAsync();

        await Expect(banner).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await Expect(banner).ToContainTextAsync("reconnect", new() { IgnoreCase = true });
        await ConsolePage.SaveScreenshotAsync(page, "reconnecting");
        Assert.Equal("rgb(178, 106, 0)", await banner.EvaluateAsync<string>("e => getComputedStyle(e).backgroundColor"));
    }
}
