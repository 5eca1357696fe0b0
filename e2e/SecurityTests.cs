using IocpAdmin.E2E.Infrastructure;
using IocpAdmin.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace IocpAdmin.E2E;

/// <summary>
/// The console under its Content-Security-Policy, in real Chromium: every page runs live with no
/// violation, and what the policy forbids (an injected inline script) is blocked and seen. And
/// account lockout as Support meets it: the locked account on the Audit page, unlocked there.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class SecurityTests(BrowserFixture browser)
{
    // Runs before any page script, outside the page's policy: keeps every violation the browser reports.
    private const string RecordViolations = """
        window.__cspViolations = [];
        document.addEventListener('securitypolicyviolation', e =>
            window.__cspViolations.push(`${e.violatedDirective} blocked ${e.blockedURI || 'inline'} at ${e.sourceFile}:${e.lineNumber}`));
        """;

    [Fact]
    public async Task EveryPage_UnderTheContentSecurityPolicy_RunsLiveWithoutAViolation()
    {
        await using var server = await ConsoleServer.StartFirstRunAsync();
        await using var context = await browser.NewContextAsync(server.BaseUrl);
        await context.AddInitScriptAsync(RecordViolations);
        var page = await context.NewPageAsync();
        var console = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.Ordinal))
            {
                console.Add(message.Text);
            }
        };

        await ConsolePage.SignInAsync(page, "admin", server.Passwords["admin"]);
        await Expect(page.Locator("[data-interactive=true]")).ToHaveCountAsync(1);
        await page.GetByRole(AriaRole.Button, new() { Name = "Toggle dark mode" }).ClickAsync();
        foreach (var (path, heading) in new[] { ("clients", "Clients"), ("records", "Records"), ("workers", "Workers"), ("audit", "Audit"), ("", "Overview") })
        {
            await ConsolePage.OpenAsync(page, path, heading);
            Assert.Empty(await page.EvaluateAsync<string[]>("() => window.__cspViolations"));
        }

        // Moving by the menu, inside the live circuit, and a dialog (MudBlazor's inline styles).
        await page.GetByRole(AriaRole.Link, new() { Name = "Records", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Records", Exact = true })).ToBeVisibleAsync();
        await page.GetByTestId("new-a").FillAsync("1");
        await page.GetByTestId("new-b").FillAsync("2");
        await page.GetByTestId("new-b").PressAsync("Tab");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add record" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Delete record 1" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Dialog)).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Delete" }).ClickAsync();
        await Expect(page.GetByText("Deleted record 1.")).ToBeVisibleAsync();

        Assert.Empty(await page.EvaluateAsync<string[]>("() => window.__cspViolations"));
        Assert.Empty(console);

        // The policy is on, and the watch above sees what it blocks: an injected inline script does not run.
        var ran = await page.EvaluateAsync<bool>("""
            () => { const s = document.createElement('script'); s.textContent = 'window.__injected = true'; document.body.appendChild(s); return window.__injected === true; }
            """);
        Assert.False(ran, "an inline script without the nonce ran");
        await Eventually.TrueAsync(async () => (await page.EvaluateAsync<string[]>("() => window.__cspViolations")).Length > 0,
            TimeSpan.FromSeconds(10), "the browser reports the blocked script");
    }

    [Fact]
    public async Task LockedAccount_IsListedOnTheAuditPage_AndSupportUnlocksIt()
    {
        await using var server = await ConsoleServer.StartWithUsersAsync(("sue", "sue-password-1", "Support"), ("otto", "otto-password-1", "Operator"));
        await using var context = await browser.NewContextAsync(server.BaseUrl);
        var guesser = await context.NewPageAsync();
        for (var i = 0; i < 5; i++)
        {
            await guesser.GotoAsync("account/login");
            await guesser.GetByLabel("User name").FillAsync("otto");
            await guesser.GetByLabel("Password").FillAsync($"guess-{i}");
            await guesser.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
            await Expect(guesser.GetByText("Wrong user name or password.")).ToBeVisibleAsync();
        }

        await using var supportContext = await browser.NewContextAsync(server.BaseUrl);
        var page = await supportContext.NewPageAsync();
        await ConsolePage.SignInAsync(page, "sue", "sue-password-1");
        await ConsolePage.OpenAsync(page, "audit", "Audit");
        var locked = page.GetByTestId("locked-account");
        await Expect(locked).ToHaveCountAsync(1);
        await Expect(locked).ToContainTextAsync("otto");
        await Expect(locked).ToContainTextAsync("127.0.0.1");
        await Expect(page.Locator("tr", new() { HasText = "account-locked" })).ToContainTextAsync("after 5 failed sign-ins");
        await ConsolePage.SaveScreenshotAsync(page, "audit-locked-account");

        await locked.GetByRole(AriaRole.Button, new() { Name = "Unlock otto" }).ClickAsync();
        await page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Unlock" }).ClickAsync();

        await Expect(page.GetByText("otto unlocked.")).ToBeVisibleAsync();
        await Expect(locked).ToHaveCountAsync(0);
        await Expect(page.Locator("tr", new() { HasText = "unlock-account" })).ToContainTextAsync("sue");
        await ConsolePage.SignInAsync(guesser, "otto", "otto-password-1");
    }
}
