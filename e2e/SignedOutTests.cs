using System.Net;
using System.Text.RegularExpressions;
using IocpAdmin.E2E.Infrastructure;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace IocpAdmin.E2E;

/// <summary>Nothing of the console or the hub without signing in; sign-in itself is guarded.</summary>
[Collection(BrowserCollection.Name)]
public sealed partial class SignedOutTests(BrowserFixture browser) : IAsyncLifetime
{
    private ConsoleServer _server = null!;

    public async ValueTask InitializeAsync() => _server = await ConsoleServer.StartFirstRunAsync();

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    [Theory]
    [InlineData("")]
    [InlineData("clients")]
    [InlineData("records")]
    [InlineData("workers")]
    [InlineData("audit")]
    public async Task Page_WhenSignedOut_SendsToSignInAndBackAfterwards(string path)
    {
        await using var context = await browser.NewContextAsync(_server.BaseUrl);
        var page = await context.NewPageAsync();

        await page.GotoAsync(path);

        await Expect(page).ToHaveURLAsync(new Regex("/account/login"));
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Sign in" })).ToBeVisibleAsync();
        await page.GetByLabel("User name").FillAsync("admin");
        await page.GetByLabel("Password").FillAsync(_server.Passwords["admin"]);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Uri(_server.BaseUrl, path).ToString());
    }

    [Fact]
    public async Task Hub_WhenSignedOut_RefusesTheConnection()
    {
        using var http = new HttpClient { BaseAddress = _server.BaseUrl };
        using var negotiate = await http.PostAsync("hubs/dashboard/negotiate?negotiateVersion=1", null);
        Assert.Equal(HttpStatusCode.Unauthorized, negotiate.StatusCode);

        await using var hub = new HubConnectionBuilder().WithUrl(new Uri(_server.BaseUrl, "hubs/dashboard")).Build();
        var refused = await Assert.ThrowsAsync<HttpRequestException>(() => hub.StartAsync());
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
    }

    [Fact]
    public async Task SignIn_WithAWrongPassword_IsRefusedAndAudited()
    {
        await using var context = await browser.NewContextAsync(_server.BaseUrl);
        var page = await context.NewPageAsync();
        await page.GotoAsync("account/login");
        await page.GetByLabel("User name").FillAsync("admin");
        await page.GetByLabel("Password").FillAsync("not-the-password");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Alert)).ToHaveTextAsync("Wrong user name or password.");
        await ConsolePage.SaveScreenshotAsync(page, "sign-in-refused");

        await ConsolePage.SignInAsync(page, "admin", _server.Passwords["admin"]);
        await ConsolePage.OpenAsync(page, "audit", "Audit");
        await Expect(page.Locator("tr", new() { HasText = "sign-in-failed" })).ToContainTextAsync("admin");
    }

    [Fact]
    public async Task SignInForm_PostedWithoutItsAntiForgeryToken_IsRejected()
    {
        using var http = new HttpClient { BaseAddress = _server.BaseUrl };
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "sign-in",
            ["Input.UserName"] = "admin",
            ["Input.Password"] = _server.Passwords["admin"],
        });

        using var response = await http.PostAsync("account/login", form);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.DoesNotContain(response.Headers, h => h.Key == "Set-Cookie" && h.Value.Any(v => v.StartsWith("IocpAdmin.Auth", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task SignOut_PostedWithoutItsAntiForgeryToken_IsRejectedAndTheUserStaysSignedIn()
    {
        await using var context = await browser.NewContextAsync(_server.BaseUrl);
        var page = await context.NewPageAsync();
        await ConsolePage.SignInAsync(page, "admin", _server.Passwords["admin"]);

        // As a cross-site form would post it: the browser's cookie, no token.
        var response = await context.APIRequest.PostAsync("account/logout", new() { Form = context.APIRequest.CreateFormData().Set("returnUrl", "/"), MaxRedirects = 0 });

        Assert.Equal((int)HttpStatusCode.BadRequest, response.Status);
        await ConsolePage.OpenAsync(page, "clients", "Clients");
        await Expect(page.GetByTestId("signed-in-user")).ToContainTextAsync("admin");
    }

    [Fact]
    public async Task SignInCookie_IsHttpOnlyAndSameSiteStrict()
    {
        await using var context = await browser.NewContextAsync(_server.BaseUrl);
        var page = await context.NewPageAsync();

        await ConsolePage.SignInAsync(page, "admin", _server.Passwords["admin"]);

        var cookie = Assert.Single(await context.CookiesAsync(), c => c.Name == "IocpAdmin.Auth");
        Assert.True(cookie.HttpOnly);
        Assert.Equal(SameSiteAttribute.Strict, cookie.SameSite);
    }
}
