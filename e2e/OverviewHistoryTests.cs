using System.Globalization;
using System.Text.RegularExpressions;
using IocpAdmin.E2E.Infrastructure;
using IocpAdmin.Protocol;
using IocpAdmin.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace IocpAdmin.E2E;

/// <summary>
/// The Overview's history survives a restart: figures the server wrote to its history file before
/// it stopped are charted after it starts again, over an hour, with a tooltip giving each point's
/// value and time; the range lives in the URL, zooms and moves; live charts pause and resume.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class OverviewHistoryTests(BrowserFixture browser) : IAsyncLifetime
{
    private const double EarlierRate = 1234;
    private ConsoleServer _server = null!;
    private IBrowserContext _context = null!;
    private IPage _page = null!;

    private string HistoryFile => Path.Combine(Path.GetDirectoryName(_server.Process.DatabasePath)!, "history.db");

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
    public async Task AfterARestart_TheHourRangeChartsWhatWasRecordedBefore_WithAValueAndTimeTooltip()
    {
        // The server records real figures once a second while a client works.
        using (var client = RawClient.Connect(_server.PipeName))
        {
            await Eventually.ValueAsync(() =>
            {
                client.Send(Frames.Ping([1]));
                client.ReadResponse();
                return Task.FromResult(RecordedSeconds());
            }, seconds => seconds >= 6, TimeSpan.FromSeconds(30), "the history file has six seconds recorded");
        }

        // An earlier hour of running, as the server had recorded it before this one (its own file and table).
        SeedEarlierHour();
        await _server.RestartAsync();

        await _page.GotoAsync(new Uri(_server.BaseUrl, "?range=1h").ToString());
        await Expect(_page.GetByRole(AriaRole.Heading, new() { Name = "Overview", Exact = true })).ToBeVisibleAsync();
        await Expect(_page.Locator("[data-interactive=true]")).ToHaveCountAsync(1);
        var caption = _page.GetByTestId("chart-history");
        await Expect(caption).ToContainTextAsync("From the history:");
        var text = await caption.InnerTextAsync();
        var first = DateTimeOffset.ParseExact(Regex.Match(text, @"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d").Value, "yyyy-MM-dd HH:mm:ss",
            CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
        Assert.InRange(DateTimeOffset.UtcNow - first, TimeSpan.FromMinutes(55), TimeSpan.FromMinutes(61));

        // Round ticks with the unit: the earlier hour's 1,234 requests/s tops the axis at 1.5k/s.
        var requests = _page.Locator("[data-chart=chart-requests]");
        await Expect(requests.Locator("text", new() { HasTextString = "1.5k/s" })).Not.ToHaveCountAsync(0);

        // A point's tooltip: its value and its time.
        var points = requests.Locator("circle.mud-chart-point");
        await Expect(points).Not.ToHaveCountAsync(0);
        // The hover target is a small transparent circle on the point: the mouse reaches it as a user's would.
        await points.Nth(await points.CountAsync() / 2).HoverAsync(new() { Force = true });
        var tooltip = requests.Locator(".svg-tooltip");
        await Expect(tooltip).ToContainTextAsync("requests/s: 1234/s");
        await Expect(tooltip).ToContainTextAsync(new Regex(@"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC"));
        await ConsolePage.SaveScreenshotAsync(_page, "overview-history-1h");

        // The seconds recorded before the restart are there too, at the end of the hour.
        await _page.GetByTestId("chart-range").GetByText("5 min", new() { Exact = true }).ClickAsync();
        await Expect(_page).ToHaveURLAsync(new Regex("range=5m"));
        await Expect(caption).ToContainTextAsync("From the history:");

        // A range ending now has no Later; Earlier moves it half back, and then Later is there.
        await Expect(_page.GetByTestId("chart-later")).ToBeDisabledAsync();
        await _page.GetByTestId("chart-earlier").ClickAsync();
        await Expect(_page).ToHaveURLAsync(new Regex("range=custom&from=.+&to="));
        await Expect(_page.GetByTestId("chart-later")).ToBeEnabledAsync();

        // A custom range in UTC: ten minutes of the earlier hour, and a clear word for a wrong one.
        var now = DateTime.UtcNow;
        var from = now.AddMinutes(-50).ToString("yyyy-MM-ddTHH:mm", CultureInfo.InvariantCulture);
        var to = now.AddMinutes(-40).ToString("yyyy-MM-ddTHH:mm", CultureInfo.InvariantCulture);
        await _page.GotoAsync(new Uri(_server.BaseUrl, $"?range=custom&from={from}&to={to}").ToString());
        await Expect(caption).ToContainTextAsync("From the history:");
        await Expect(caption).ToContainTextAsync(from.Replace('T', ' '));
        await Expect(requests.Locator("text", new() { HasTextString = "1.5k/s" })).Not.ToHaveCountAsync(0);

        // Zoom in halves the span around its middle, Later moves it by half, zoom out doubles it:
        // each a custom range in the URL, charted from the history.
        var shown = DateTime.ParseExact(from, "yyyy-MM-ddTHH:mm", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);
        await _page.GetByTestId("chart-zoom-in").ClickAsync();
        await Expect(_page).ToHaveURLAsync(RangeUrl(shown.AddMinutes(2.5), shown.AddMinutes(7.5)));
        await _page.GetByTestId("chart-later").ClickAsync();
        await Expect(_page).ToHaveURLAsync(RangeUrl(shown.AddMinutes(5), shown.AddMinutes(10)));
        await _page.GetByTestId("chart-zoom-out").ClickAsync();
        await Expect(_page).ToHaveURLAsync(RangeUrl(shown.AddMinutes(2.5), shown.AddMinutes(12.5)));
        await Expect(caption).ToContainTextAsync(shown.AddMinutes(2.5).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture));
        await Expect(requests.Locator("text", new() { HasTextString = "1.5k/s" })).Not.ToHaveCountAsync(0);
        await ConsolePage.SaveScreenshotAsync(_page, "overview-history-zoomed");
        await _page.GetByTestId("custom-to").FillAsync(DateTime.UtcNow.AddMinutes(-60).ToString("yyyy-MM-ddTHH:mm", CultureInfo.InvariantCulture));
        await _page.GetByTestId("custom-apply").ClickAsync();
        await Expect(_page.GetByTestId("custom-error")).ToHaveTextAsync("To comes after From.");

        // Live charts pause (the figures go on) and resume.
        await _page.GetByTestId("chart-range").GetByText("Live", new() { Exact = true }).ClickAsync();
        await Expect(_page).Not.ToHaveURLAsync(new Regex("range="));
        await _page.GetByTestId("chart-pause").ClickAsync();
        await Expect(_page.GetByTestId("chart-paused")).ToContainTextAsync("Charts paused at");
        await _page.GetByTestId("chart-pause").ClickAsync();
        await Expect(_page.GetByTestId("chart-paused")).ToHaveCountAsync(0);
    }

    // The URL of a custom range, its times in whole seconds (colons escaped or not).
    private static Regex RangeUrl(DateTime from, DateTime to)
    {
        static string Time(DateTime at) => at.ToString("yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture).Replace(":", "(:|%3A)", StringComparison.Ordinal);
        return new Regex($"range=custom&from={Time(from)}&to={Time(to)}");
    }

    private long RecordedSeconds()
    {
        if (!File.Exists(HistoryFile))
        {
            return 0;
        }

        using var connection = new SqliteConnection($"Data Source={HistoryFile};Pooling=False");
        connection.Open();
        using var count = connection.CreateCommand();
        count.CommandText = "SELECT count(*) FROM sqlite_master WHERE name = 'seconds'";
        if ((long)count.ExecuteScalar()! == 0)
        {
            return 0;
        }

        count.CommandText = "SELECT count(*) FROM seconds WHERE requests > 0";
        return (long)count.ExecuteScalar()!;
    }

    private void SeedEarlierHour()
    {
        using var connection = new SqliteConnection($"Data Source={HistoryFile};Pooling=False");
        connection.Open();
        using var transaction = connection.BeginTransaction();
        using var insert = connection.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = "INSERT OR IGNORE INTO seconds (at, requests, queue, queue_max, active, busy, clients, commits, writes, bytes_in, bytes_out) VALUES ($at, $r, 0, 1, 1, 12, 3, 5, 2, 1000, 2000)";
        var at = insert.Parameters.Add("$at", SqliteType.Integer);
        insert.Parameters.AddWithValue("$r", EarlierRate);
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        for (var t = now - 3590; t < now - 120; t++)
        {
            at.Value = t;
            insert.ExecuteNonQuery();
        }

        transaction.Commit();
    }
}
