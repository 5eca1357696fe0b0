using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace IocpAdmin.E2E.Infrastructure;

/// <summary>What the tests do on the console's pages, by role and label, never by sleeping.</summary>
public static class ConsolePage
{
    public static readonly string ScreenshotFolder = Path.Combine(AppContext.BaseDirectory, "screenshots");

    public static async Task SignInAsync(IPage page, string user, string password)
    {
        await page.GotoAsync("account/login");
        await page.GetByLabel("User name").FillAsync(user);
        await page.GetByLabel("Password").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(page.GetByTestId("signed-in-user")).ToContainTextAsync(user);
    }

    /// <summary>
    /// Opens a console page and waits until it is live: the prerendered HTML comes first, and only
    /// once the circuit is connected do clicks and typing reach the server.
    /// </summary>
    public static async Task OpenAsync(IPage page, string path, string heading)
    {
        await page.GotoAsync(path);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = heading, Exact = true })).ToBeVisibleAsync();
        await Expect(page.Locator("[data-interactive=true]")).ToHaveCountAsync(1);
    }

    /// <summary>
    /// Picks an option of a MudSelect (marked <paramref name="testId"/>) and waits until the
    /// select shows it. A click that reaches the list while its popover is still opening can be
    /// lost on a loaded machine; then the list is opened and the option clicked again, as a user would.
    /// </summary>
    public static async Task ChooseAsync(IPage page, string testId, string option)
    {
        var select = page.GetByTestId(testId);
        for (var attempt = 1; ; attempt++)
        {
            await select.ClickAsync();
            await page.Locator(".mud-popover-open").GetByText(option, new() { Exact = true }).ClickAsync();
            try
            {
                // The select shows its value as the text of the element marked (a combobox).
                await Expect(select).ToHaveTextAsync(option, new() { Timeout = 2000 });
                return;
            }
            catch (PlaywrightException) when (attempt < 3)
            {
                // The option did not take: the list is open again below.
            }
        }
    }

    public static async Task SaveScreenshotAsync(IPage page, string name)
    {
        Directory.CreateDirectory(ScreenshotFolder);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotFolder, name + ".png"), FullPage = true });
    }
}
