using System.Text.RegularExpressions;
using IocpAdmin.E2E.Infrastructure;
using IocpAdmin.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace IocpAdmin.E2E;

/// <summary>
/// Issue #10: on a phone the app bar hid Sign out, the theme toggle and the user off screen. Every
/// control of the bar must be reachable from 360 px wide up, and Sign out work from there.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed partial class AppBarTests(BrowserFixture browser) : IAsyncLifetime
{
    private ConsoleServer _server = null!;

    public async ValueTask InitializeAsync() => _server = await ConsoleServer.StartFirstRunAsync();

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    [Theory]
    [InlineData(360)]
    [InlineData(390)]
    public async Task AppBar_OnAPhone_EveryControlIsOnScreenAndSignOutWorks(int width)
    {
        await using var context = await browser.NewContextAsync(_server.BaseUrl, width, 800);
        var page = await context.NewPageAsync();
        await ConsolePage.SignInAsync(page, "admin", _server.Passwords["admin"]);
        await ConsolePage.OpenAsync(page, "", "Overview");

        var bar = page.Locator("header.mud-appbar");
        await AssertOnScreenAsync(bar.Locator("button:visible, a:visible, [role=button]:visible"), width);
        await ConsolePage.SaveScreenshotAsync(page, $"app-bar-{width}");
        await bar.GetByRole(AriaRole.Button, new() { Name = "Account" }).ClickAsync();
        var menu = page.Locator(".mud-popover-open");
        await Expect(menu.GetByTestId("account-menu-user")).ToHaveTextAsync("admin (Support)");
        var signOut = menu.GetByRole(AriaRole.Button, new() { Name = "Sign out" });
        await AssertOnScreenAsync(menu.GetByRole(AriaRole.Menuitem).Or(signOut), width);
        await ConsolePage.SaveScreenshotAsync(page, $"app-bar-{width}-menu");

        await signOut.ClickAsync();

        await Expect(page).ToHaveURLAsync(new Regex("/account/login"));
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Sign in" })).ToBeVisibleAsync();
    }

    [Theory]
    [InlineData(360)]
    [InlineData(390)]
    public async Task AccountMenu_OnAPhone_SwitchesToDarkMode(int width)
    {
        await using var context = await browser.NewContextAsync(_server.BaseUrl, width, 800);
        var page = await context.NewPageAsync();
        await ConsolePage.SignInAsync(page, "admin", _server.Passwords["admin"]);
        await ConsolePage.OpenAsync(page, "clients", "Clients");
        var background = await page.Locator("body").EvaluateAsync<string>("b => getComputedStyle(b).backgroundColor");

        await page.GetByRole(AriaRole.Button, new() { Name = "Account" }).ClickAsync();
        await page.GetByRole(AriaRole.Menuitem, new() { Name = "Dark mode" }).ClickAsync();

        await Expect(page.Locator("body")).Not.ToHaveCSSAsync("background-color", background);
        await ConsolePage.SaveScreenshotAsync(page, $"clients-{width}-dark");
        await page.GetByRole(AriaRole.Button, new() { Name = "Account" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Menuitem, new() { Name = "Light mode" })).ToBeVisibleAsync();
        await ConsolePage.SaveScreenshotAsync(page, $"app-bar-{width}-menu-dark");
        await page.GetByRole(AriaRole.Button, new() { Name = "Account" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Menuitem, new() { Name = "Light mode" })).Not.ToBeVisibleAsync();

        // The server badge, off the bar on a phone, is in the drawer.
        await page.GetByRole(AriaRole.Button, new() { Name = "Toggle navigation" }).ClickAsync();
        await Expect(page.Locator(".server-badge-drawer .server-badge")).ToContainTextAsync(_server.PipeName);
        await AssertOnScreenAsync(page.Locator(".server-badge-drawer .server-badge"), width);
        await ConsolePage.SaveScreenshotAsync(page, $"drawer-{width}-dark");
    }

    [Fact]
    public async Task AppBar_OnADesktop_ShowsTheServerTheUserAndSignOutInTheBar()
    {
        await using var context = await browser.NewContextAsync(_server.BaseUrl);
        var page = await context.NewPageAsync();
        await ConsolePage.SignInAsync(page, "admin", _server.Passwords["admin"]);
        await ConsolePage.OpenAsync(page, "", "Overview");

        var bar = page.Locator("header.mud-appbar");
        await Expect(bar.GetByTestId("signed-in-user")).ToBeVisibleAsync();
        await Expect(bar.Locator(".server-badge")).ToBeVisibleAsync();
        await Expect(bar.GetByRole(AriaRole.Button, new() { Name = "Sign out" })).ToBeVisibleAsync();
        await Expect(bar.GetByRole(AriaRole.Button, new() { Name = "Account" })).Not.ToBeVisibleAsync();
        await AssertOnScreenAsync(bar.Locator("button:visible, a:visible"), 1440);
    }

    [Theory]
    [InlineData(768)]
    [InlineData(1100)]
    public async Task ClientsTable_NarrowerThanItsColumns_KeepsEachRowsDisconnectOnScreen(int width)
    {
        using var client = RawClient.Connect(_server.PipeName);
        client.Send(Frames.Ping([1]));
        client.ReadResponse();
        await using var context = await browser.NewContextAsync(_server.BaseUrl, width, 800);
        var page = await context.NewPageAsync();
        await ConsolePage.SignInAsync(page, "admin", _server.Passwords["admin"]);

        await ConsolePage.OpenAsync(page, "clients", "Clients");

        // The table scrolls sideways at these widths; the action column stays pinned to its right edge.
        var disconnect = page.Locator("tr.client-row").GetByRole(AriaRole.Button, new() { NameRegex = new Regex("^Disconnect client") });
        // Wholly inside the viewport; retried, since the table reloads every second and re-renders its rows.
        await Expect(disconnect).ToBeInViewportAsync(new() { Ratio = 1 });
        await ConsolePage.SaveScreenshotAsync(page, $"clients-{width}");
    }

    /// <summary>Each control lies wholly inside the viewport's width (none pushed off its right edge).</summary>
    private static async Task AssertOnScreenAsync(ILocator controls, int width)
    {
        var count = await controls.CountAsync();
        Assert.True(count > 0, "the locator finds controls");
        for (var i = 0; i < count; i++)
        {
            var control = controls.Nth(i);
            var box = await control.BoundingBoxAsync();
            var name = await control.GetAttributeAsync("aria-label") ?? (await control.InnerTextAsync()).Trim();
            Assert.True(box is not null, $"'{name}' has a box");
            Assert.True(box.X >= 0 && box.X + box.Width <= width + 0.5,
                $"'{name}' spans x {box.X:0}..{box.X + box.Width:0}, outside the {width} px viewport");
        }
    }
}
