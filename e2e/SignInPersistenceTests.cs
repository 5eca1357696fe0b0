using System.Text.RegularExpressions;
using IocpAdmin.E2E.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace IocpAdmin.E2E;

/// <summary>
/// Sign-ins are kept on the server so that signing out ends them everywhere; they are kept in the
/// console's database so that restarting the server does not sign everybody out, nor bring back a
/// sign-in that was ended.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class SignInPersistenceTests(BrowserFixture browser) : IAsyncLifetime
{
    private ConsoleServer _server = null!;

    public async ValueTask InitializeAsync() => _server = await ConsoleServer.StartFirstRunAsync();

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Restart_OfTheServer_KeepsASignedInUserSignedIn_AndASignedOutOneOut()
    {
        await using var kept = await browser.NewContextAsync(_server.BaseUrl);
        var keptPage = await kept.NewPageAsync();
        await ConsolePage.SignInAsync(keptPage, "admin", _server.Passwords["admin"]);
        await using var ended = await browser.NewContextAsync(_server.BaseUrl);
        var endedPage = await ended.NewPageAsync();
        await ConsolePage.SignInAsync(endedPage, "admin", _server.Passwords["admin"]);
        var endedCookies = await ended.CookiesAsync();
        // Live first: a click while the circuit replaces the prerendered page can be lost.
        await ConsolePage.OpenAsync(endedPage, "", "Overview");
        await endedPage.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await Expect(endedPage).ToHaveURLAsync(new Regex("/account/login"));

        await _server.RestartAsync();

        // Cookies belong to the host, not the port: the browser presents them to the restarted server.
        await keptPage.GotoAsync(new Uri(_server.BaseUrl, "clients").ToString());
        await Expect(keptPage.GetByTestId("signed-in-user")).ToContainTextAsync("admin");
        await Expect(keptPage).ToHaveURLAsync(new Regex("/clients$"));
        await ended.AddCookiesAsync(endedCookies.Select(c => new Cookie
        {
            Name = c.Name, Value = c.Value, Domain = c.Domain, Path = c.Path, HttpOnly = c.HttpOnly, Secure = c.Secure, SameSite = c.SameSite,
        }));
        await endedPage.GotoAsync(new Uri(_server.BaseUrl, "clients").ToString());
        await Expect(endedPage).ToHaveURLAsync(new Regex("/account/login"));
    }
}
