using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using IocpAdmin.E2E.Infrastructure;
using IocpAdmin.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace IocpAdmin.E2E;

/// <summary>
/// The console stays responsive while 1,000 pipe clients are connected and sending: each page is
/// shown in under a second when loaded afresh, and the menu moves between pages in under a second.
/// How long a fresh load takes to become live (its circuit connected) is measured and reported too. The figures are written to the test output
/// and to responsiveness.txt beside the screenshots.
/// It measures time, so it runs alone: <c>./build.sh --test</c> runs it after every other test
/// (trait <c>Run=Alone</c>); on CI, run beside the integration suite, whose load put a page at 1.4 s.
/// </summary>
[Collection(BrowserCollection.Name)]
[Trait("Run", "Alone")]
public sealed class ResponsivenessTests(BrowserFixture browser, ITestOutputHelper output) : IAsyncLifetime
{
    private const int Clients = 1000;
    private const int LoadThreads = 2;
    private const int LoadsPerPage = 5;

    // Every client sends one request per period: 1,000 clients make about 10,000 requests a second.
    private static readonly TimeSpan s_period = TimeSpan.FromMilliseconds(100);

    private ConsoleServer _server = null!;

    public async ValueTask InitializeAsync() => _server = await ConsoleServer.StartFirstRunAsync("--Engine:MaxClients=2000");

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task PageLoads_With1000PipeClientsSending_TakeUnderOneSecond()
    {
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(180));
        var roundTrips = new long[LoadThreads];
        var load = Task.Run(() => ClientThreads.Run(LoadThreads, t => Load(t, roundTrips, stop.Token), TimeSpan.FromSeconds(200)));
        try
        {
            await WaitForClientsAsync();
            await using var context = await browser.NewContextAsync(_server.BaseUrl);
            var page = await context.NewPageAsync();
            await ConsolePage.SignInAsync(page, "admin", _server.Passwords["admin"]);

            var pages = new (string Path, string Heading)[] { ("", "Overview"), ("clients", "Clients"), ("records", "Records"), ("workers", "Workers"), ("audit", "Audit") };
            var report = new List<string>();
            var shownMedians = new Dictionary<string, double>();
            var sentBefore = roundTrips.Sum();
            var measuring = Stopwatch.StartNew();
            foreach (var (path, heading) in pages)
            {
                var shown = new List<double>();
                var live = new List<double>();
                for (var i = 0; i < LoadsPerPage; i++)
                {
                    // Shown: the browser's load event, with the prerendered page and its current figures
                    // on screen. Live: its circuit is connected and it answers clicks (the DOM is watched
                    // directly; Expect's back-off polling would blur the time by up to half a second).
                    var started = Stopwatch.GetTimestamp();
                    await page.GotoAsync(path);
                    await page.WaitForSelectorAsync("[data-interactive=true]");
                    live.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                    shown.Add(await page.EvaluateAsync<double>("() => performance.getEntriesByType('navigation')[0].loadEventEnd"));
                    await Expect(page.GetByRole(AriaRole.Heading, new() { Name = heading, Exact = true })).ToBeVisibleAsync();
                }

                shownMedians[heading] = Median(shown);
                report.Add(string.Create(CultureInfo.InvariantCulture,
                    $"{heading,-9} full load: shown {Median(shown),5:0} ms (max {shown.Max(),5:0})   live {Median(live),5:0} ms (max {live.Max(),5:0})"));
            }

            // Moving through the console by its menu: the page changes inside the live circuit.
            var navigations = new List<double>();
            for (var i = 0; i < 3 * pages.Length; i++)
            {
                var (path, heading) = pages[(i + 1) % pages.Length];
                var started = Stopwatch.GetTimestamp();
                await page.GetByRole(AriaRole.Link, new() { Name = heading, Exact = true }).ClickAsync();
                await page.WaitForSelectorAsync($"h1:text-is('{heading}')");
                navigations.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }

            report.Add(string.Create(CultureInfo.InvariantCulture,
                $"menu navigation between pages: median {Median(navigations),5:0} ms (max {navigations.Max(),5:0}, {navigations.Count} moves)"));
            var rate = (roundTrips.Sum() - sentBefore) / measuring.Elapsed.TotalSeconds;
            await ConsolePage.OpenAsync(page, "clients", "Clients");
            await ConsolePage.SaveScreenshotAsync(page, "clients-1000");
            report.Insert(0, string.Create(CultureInfo.InvariantCulture,
                $"{Clients} pipe clients connected, sending {rate:N0} requests/s while pages loaded ({Environment.ProcessorCount} cores), medians of {LoadsPerPage}:"));
            foreach (var line in report)
            {
                output.WriteLine(line);
            }

            Directory.CreateDirectory(ConsolePage.ScreenshotFolder);
            await File.WriteAllLinesAsync(Path.Combine(ConsolePage.ScreenshotFolder, "responsiveness.txt"), report);
            Assert.True(rate > Clients, $"the clients were sending ({rate:N0} requests/s)");
            Assert.All(shownMedians, m => Assert.True(m.Value < 1000, $"{m.Key} was shown after {m.Value:0} ms (median of {LoadsPerPage})"));
            Assert.True(Median(navigations) < 1000, $"moving between pages took {Median(navigations):0} ms (median)");
        }
        finally
        {
            await stop.CancelAsync();
            await load;
        }
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted[sorted.Count / 2];
    }

    private async Task WaitForClientsAsync()
    {
        await Eventually.ValueAsync(
            async () => (await _server.Process.HealthAsync())
                .GetProperty("entries").GetProperty("record-server").GetProperty("data").GetProperty("clients").GetInt32(),
            connected => connected == Clients, TimeSpan.FromSeconds(60), $"all {Clients} clients are connected");
    }

    /// <summary>One load thread: its share of the clients, each sending a PING per period, until stopped.</summary>
    private bool Load(int thread, long[] roundTrips, CancellationToken stop)
    {
        var clients = new List<RawClient>();
        try
        {
            for (var i = 0; i < Clients / LoadThreads; i++)
            {
                clients.Add(RawClient.Connect(_server.PipeName));
            }

            var ping = Frames.Ping([(byte)thread]);
            while (!stop.IsCancellationRequested)
            {
                var cycle = Stopwatch.StartNew();
                foreach (var client in clients)
                {
                    client.Send(ping);
                }

                foreach (var client in clients)
                {
                    client.ReadResponse();
                }

                Interlocked.Add(ref roundTrips[thread], clients.Count);
                var rest = s_period - cycle.Elapsed;
                if (rest > TimeSpan.Zero)
                {
                    stop.WaitHandle.WaitOne(rest);
                }
            }

            return true;
        }
        finally
        {
            clients.ForEach(c => c.Dispose());
        }
    }
}
