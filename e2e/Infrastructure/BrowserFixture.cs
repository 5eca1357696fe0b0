using Microsoft.Playwright;

namespace IocpAdmin.E2E.Infrastructure;

/// <summary>One headless Chromium for the whole run; each test gets its own context (cookies, storage).</summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    private IPlaywright? _playwright;

    public IBrowser Browser { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium.ExecutablePath(),
            Headless = true,
            Args = Chromium.Arguments,
        });
    }

    public async ValueTask DisposeAsync()
    {
        await Browser.DisposeAsync();
        _playwright?.Dispose();
    }

    public Task<IBrowserContext> NewContextAsync(Uri baseUrl) => NewContextAsync(baseUrl, 1440, 900);

    /// <summary>A context whose pages are <paramref name="width"/> CSS pixels wide, as a phone's are.</summary>
    public Task<IBrowserContext> NewContextAsync(Uri baseUrl, int width, int height) => Browser.NewContextAsync(new BrowserNewContextOptions
    {
        BaseURL = baseUrl.ToString(),
        ViewportSize = new ViewportSize { Width = width, Height = height },
    });
}

[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserFixture>
{
    public const string Name = "browser";
}
