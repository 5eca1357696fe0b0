using IocpAdmin.E2E.Infrastructure;
using IocpAdmin.Tests.Infrastructure;
using Microsoft.Playwright;

namespace IocpAdmin.E2E;

/// <summary>
/// What one open console tab costs the network: the bytes its circuit's WebSocket receives per
/// second, counted by Chromium itself (DevTools' Network.webSocketFrameReceived), while a client
/// keeps the engine busy so every figure changes.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class ViewerTrafficTests(BrowserFixture browser, ITestOutputHelper output) : IAsyncLifetime
{
    /// <summary>The budget of an Overview tab at the default rate (two snapshots a second).</summary>
    private const double BudgetBytesPerSecond = 20 * 1024;

    private static readonly TimeSpan s_measured = TimeSpan.FromSeconds(10);
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

    [Theory]
    [InlineData("", "Overview")]
    [InlineData("clients", "Clients")]
    [InlineData("workers", "Workers")]
    [InlineData("latency", "Where the time goes")]
    public async Task AnOpenPage_UnderLoad_ReceivesAtMost20KilobytesPerSecond(string path, string heading)
    {
        using var stop = new CancellationTokenSource();
        var load = Task.Run(() => KeepBusy(stop.Token));
        try
        {
            await ConsolePage.OpenAsync(_page, path, heading);
            var cdp = await _context.NewCDPSessionAsync(_page);
            long bytes = 0;
            cdp.Event("Network.webSocketFrameReceived").OnEvent += (_, frame) =>
            {
                var payload = frame?.GetProperty("response").GetProperty("payloadData").GetString() ?? "";
                Interlocked.Add(ref bytes, payload.Length);
            };
            await cdp.SendAsync("Network.enable");
            // A chart's first full window is drawn: the steady state is what is measured.
            await Task.Delay(TimeSpan.FromSeconds(3));
            Interlocked.Exchange(ref bytes, 0);
            await Task.Delay(s_measured);
            var perSecond = Interlocked.Read(ref bytes) / s_measured.TotalSeconds;
            output.WriteLine($"/{path}: {perSecond / 1024:0.0} KiB/s over {s_measured.TotalSeconds:0} s");
            Assert.True(perSecond <= BudgetBytesPerSecond, $"/{path} received {perSecond / 1024:0.0} KiB/s");
        }
        finally
        {
            await stop.CancelAsync();
            await load;
        }
    }

    private void KeepBusy(CancellationToken stop)
    {
        using var client = RawClient.Connect(_server.PipeName);
        var i = 0;
        while (!stop.IsCancellationRequested)
        {
            client.Send(i++ % 4 == 0 ? Frames.Add(i, i) : Frames.Ping([1, 2, 3]));
            client.ReadResponse();
        }
    }
}
