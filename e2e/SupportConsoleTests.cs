using System.Buffers.Binary;
using System.Text.RegularExpressions;
using System.Text;
using IocpAdmin.E2E.Infrastructure;
using IocpAdmin.Protocol;
using IocpAdmin.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace IocpAdmin.E2E;

/// <summary>
/// The console as support staff use it, signed in as the first-start admin (Support), against the
/// real server process in real Chromium; pipe clients are raw sockets from this test.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed partial class SupportConsoleTests(BrowserFixture browser) : IAsyncLifetime
{
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

    [Fact]
    public async Task SignIn_WithTheAdminPasswordPrintedAtFirstStart_ShowsTheOverview()
    {
        await ConsolePage.OpenAsync(_page, "", "Overview");

        await Expect(_page.GetByTestId("signed-in-user")).ToHaveTextAsync("admin (Support)");
        await Expect(_page.Locator("[data-chart=chart-requests] svg.mud-chart-line")).ToBeVisibleAsync();
        await ConsolePage.SaveScreenshotAsync(_page, "overview");
    }

    [Fact]
    public async Task DarkModeToggle_SwitchesThePalette()
    {
        await ConsolePage.OpenAsync(_page, "", "Overview");
        var background = () => _page.Locator("body").EvaluateAsync<string>("b => getComputedStyle(b).backgroundColor");
        var light = await background();

        await _page.GetByRole(AriaRole.Button, new() { Name = "Toggle dark mode" }).ClickAsync();

        await Expect(_page.Locator("body")).Not.ToHaveCSSAsync("background-color", light);
        await ConsolePage.SaveScreenshotAsync(_page, "overview-dark");
    }

    [Fact]
    public async Task Clients_WhenAPipeClientConnects_ItAppearsWithItsState()
    {
        await ConsolePage.OpenAsync(_page, "clients", "Clients");
        await Expect(_page.GetByText("No clients connected.")).ToBeVisibleAsync();

        using var client = RawClient.Connect(_server.PipeName);
        client.Send(Frames.Ping([1]));
        client.ReadResponse();

        var row = _page.Locator("tr.client-row");
        await Expect(row).ToHaveCountAsync(1);
        await Expect(row).ToContainTextAsync("waiting for a request");
        await Expect(row).ToContainTextAsync("PING");
        await Expect(row).ToContainTextAsync(Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await ConsolePage.SaveScreenshotAsync(_page, "clients");
    }

    [Fact]
    public async Task Overview_WhileAClientSendsRequests_TheCounterAndChartsMove()
    {
        await ConsolePage.OpenAsync(_page, "", "Overview");
        var requestsPerSecond = _page.Locator("[data-metric=requests-per-second] .metric-value");
        await Expect(requestsPerSecond).ToHaveTextAsync("0");
        var chart = _page.Locator("[data-chart=chart-requests] svg.mud-chart-line");
        var before = await chart.InnerHTMLAsync();

        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var load = Task.Run(() => ClientThreads.Run(1, _ => Ping(_server.PipeName, stop.Token)));
        try
        {
            await Expect(requestsPerSecond).Not.ToHaveTextAsync("0");
            await Expect(_page.Locator("[data-metric=clients] .metric-value")).ToHaveTextAsync("1");
            // Live charts move a step every 5 s.
            await Eventually.TrueAsync(async () => before != await chart.InnerHTMLAsync(), TimeSpan.FromSeconds(15), "the requests chart moves");
            await ConsolePage.SaveScreenshotAsync(_page, "overview-under-load");
        }
        finally
        {
            await stop.CancelAsync();
            await load;
        }
    }

    [Fact]
    public async Task Disconnect_OfAStuckClientFromTheUi_TellsItWhy_ClosesIt_AndListsItAsRecentlyClosed()
    {
        using var stuck = RawClient.Connect(_server.PipeName);
        stuck.SendHex("09 00 00 00  01  03 00");
        using var healthy = RawClient.Connect(_server.PipeName);
        healthy.Send(Frames.Ping([1]));
        healthy.ReadResponse();
        await ConsolePage.OpenAsync(_page, "clients", "Clients");
        var stuckRow = _page.Locator("tr.client-row", new() { Has = _page.GetByTestId("partial-frame") });
        await Expect(stuckRow).ToHaveCountAsync(1);
        var id = ClientId().Match(await stuckRow.GetAttributeAsync("class") ?? string.Empty).Groups[1].Value;

        await stuckRow.GetByRole(AriaRole.Button, new() { Name = $"Disconnect client {id}" }).ClickAsync();
        var confirm = _page.GetByRole(AriaRole.Dialog);
        await Expect(confirm).ToContainTextAsync($"Disconnect client {id}?");
        var disconnect = confirm.GetByRole(AriaRole.Button, new() { Name = "Disconnect" });
        await Expect(disconnect).ToBeDisabledAsync();
        await confirm.GetByTestId("disconnect-reason").FillAsync("stuck in a half frame");
        await Expect(disconnect).ToBeEnabledAsync();
        await ConsolePage.SaveScreenshotAsync(_page, "clients-disconnect-confirm");
        await disconnect.ClickAsync();

        // Graceful, the default: its half frame is dropped, and its last frame says who and why.
        var farewell = stuck.ReadResponse();
        Assert.Equal((StatusKind.Busy, "disconnected by admin: stuck in a half frame"), (farewell.Status, Encoding.UTF8.GetString(farewell.Payload)));
        Assert.True(stuck.WaitForClose(), "the stuck client's pipe is closed");
        await Expect(_page.GetByText($"Client {id}: closed 1, 0 already gone, 0 still open")).ToBeVisibleAsync();
        await Expect(_page.GetByTestId("recently-closed").Locator($"tr.closed-{id}")).ToContainTextAsync("disconnected by admin: stuck in a half frame");
        await Expect(_page.Locator("tr.client-row")).ToHaveCountAsync(1);
        healthy.Send(Frames.Ping([2]));
        Assert.Equal(StatusKind.Ok, healthy.ReadResponse().Status);

        await ConsolePage.OpenAsync(_page, "audit", "Audit");
        var entry = _page.Locator("tr", new() { HasText = $"client {id}" });
        await Expect(entry).ToContainTextAsync("admin");
        await Expect(entry).ToContainTextAsync("disconnect-client");
        await Expect(entry).ToContainTextAsync("graceful, reason \"stuck in a half frame\"");
        await ConsolePage.SaveScreenshotAsync(_page, "audit");
    }

    [Fact]
    public async Task BulkDisconnect_ActsOnThePreviewedClientsOnly_AndUnfilteredNeedsTheCountTyped()
    {
        var previewed = Enumerable.Range(0, 3).Select(_ => RawClient.Connect(_server.PipeName)).ToList();
        try
        {
            foreach (var client in previewed)
            {
                client.Send(Frames.Ping([1]));
                client.ReadResponse();
            }

            await ConsolePage.OpenAsync(_page, "clients", "Clients");
            await Expect(_page.Locator("tr.client-row")).ToHaveCountAsync(3);
            await _page.GetByRole(AriaRole.Button, new() { Name = "Disconnect 3 matching" }).ClickAsync();
            var confirm = _page.GetByRole(AriaRole.Dialog);
            await Expect(confirm).ToContainTextAsync("Disconnect 3 clients?");
            await Expect(confirm).ToContainTextAsync("No filter: every connected client.");
            await Expect(confirm.GetByTestId("disconnect-ids")).ToContainTextAsync("These 3 clients and no other");

            // Connects after the preview: not in it, never touched.
            using var newcomer = RawClient.Connect(_server.PipeName);
            newcomer.Send(Frames.Ping([2]));
            newcomer.ReadResponse();
            await Expect(_page.Locator("tr.client-row")).ToHaveCountAsync(4);

            var disconnect = confirm.GetByRole(AriaRole.Button, new() { Name = "Disconnect 3" });
            await confirm.GetByTestId("disconnect-reason").FillAsync("rolling restart of the batch hosts");
            await Expect(disconnect).ToBeDisabledAsync();
            await confirm.GetByTestId("disconnect-count").FillAsync("4");
            await Expect(disconnect).ToBeDisabledAsync();
            await confirm.GetByTestId("disconnect-count").FillAsync("3");
            await Expect(disconnect).ToBeEnabledAsync();
            await ConsolePage.SaveScreenshotAsync(_page, "clients-bulk-disconnect-confirm");
            await disconnect.ClickAsync();

            await Expect(_page.GetByText("closed 3, 0 already gone, 0 still open")).ToBeVisibleAsync();
            foreach (var client in previewed)
            {
                Assert.Equal(StatusKind.Busy, client.ReadResponse().Status);
                Assert.True(client.WaitForClose(), "a previewed client's pipe is closed");
            }

            newcomer.Send(Frames.Ping([3]));
            Assert.Equal(StatusKind.Ok, newcomer.ReadResponse().Status);
            await Expect(_page.Locator("tr.client-row")).ToHaveCountAsync(1);

            await ConsolePage.OpenAsync(_page, "audit", "Audit");
            var entry = _page.Locator("tr", new() { HasText = "3 clients" });
            await Expect(entry).ToHaveCountAsync(1);
            await Expect(entry).ToContainTextAsync("rolling restart of the batch hosts");
            await Expect(entry).ToContainTextAsync("closed 3");
        }
        finally
        {
            previewed.ForEach(static client => client.Dispose());
        }
    }

    [Fact]
    public async Task Admission_SetToDrain_ShowsInTheBar_RefusesNewPipeClients_AndReadyServesThemAgain()
    {
        await ConsolePage.OpenAsync(_page, "clients", "Clients");
        await _page.GetByTestId("admission-menu").ClickAsync();
        await _page.GetByRole(AriaRole.Menuitem, new() { NameRegex = new Regex("^Drain") }).ClickAsync();
        await _page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Drain" }).ClickAsync();

        await Expect(_page.GetByTestId("admission-chip")).ToHaveTextAsync("Draining");
        using (var newcomer = RawClient.Connect(_server.PipeName))
        {
            var (status, reason) = newcomer.ReadResponse();
            Assert.Equal(StatusKind.Busy, status);
            Assert.StartsWith("the server is draining", Encoding.UTF8.GetString(reason), StringComparison.Ordinal);
        }

        await _page.GetByTestId("admission-menu").ClickAsync();
        await _page.GetByRole(AriaRole.Menuitem, new() { NameRegex = new Regex("^Ready") }).ClickAsync();
        await _page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Ready" }).ClickAsync();
        await Expect(_page.GetByTestId("admission-chip")).ToHaveCountAsync(0);
        using var later = RawClient.Connect(_server.PipeName);
        later.Send(Frames.Ping([1]));
        Assert.Equal(StatusKind.Ok, later.ReadResponse().Status);
    }

    [Fact]
    public async Task Records_AddedAndDeletedInTheUi_AreSeenOverThePipe()
    {
        await ConsolePage.OpenAsync(_page, "records", "Records");
        await Expect(_page.GetByText("No records yet.")).ToBeVisibleAsync();

        await _page.GetByTestId("new-a").FillAsync("1234");
        await _page.GetByTestId("new-b").FillAsync("-5678");
        // The values reach the server on change (blur), before the click; a commit can take seconds on a loaded machine.
        await _page.GetByTestId("new-b").PressAsync("Tab");
        await _page.GetByRole(AriaRole.Button, new() { Name = "Add record" }).ClickAsync();

        await Expect(_page.GetByText("Added record 1 (1234, -5678).")).ToBeVisibleAsync(new() { Timeout = 15_000 });
        await Expect(_page.Locator("tr.record-1")).ToContainTextAsync("1234");
        await Expect(_page.Locator("tr.record-1")).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("record-highlight"));
        await ConsolePage.SaveScreenshotAsync(_page, "records");
        using var client = RawClient.Connect(_server.PipeName);
        client.Send(Frames.Retrieve(1));
        var (status, payload) = client.ReadResponse();
        Assert.Equal(StatusKind.Ok, status);
        Assert.Equal((1234, -5678), (BinaryPrimitives.ReadInt32LittleEndian(payload), BinaryPrimitives.ReadInt32LittleEndian(payload.AsSpan(4))));

        await _page.GetByRole(AriaRole.Button, new() { Name = "Delete record 1" }).ClickAsync();
        await _page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Delete" }).ClickAsync();

        await Expect(_page.GetByText("Deleted record 1.")).ToBeVisibleAsync();
        client.Send(Frames.Retrieve(1));
        Assert.Equal(StatusKind.NotFound, client.ReadResponse().Status);
        await Expect(_page.GetByText("No records yet.")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task Records_JumpToId_FollowsTheSortOrder_AndMarksTheRow()
    {
        using (var client = RawClient.Connect(_server.PipeName))
        {
            for (var i = 1; i <= 30; i++)
            {
                client.Send(Frames.Add(i, -i));
                client.ReadId();
            }
        }

        await ConsolePage.OpenAsync(_page, "records", "Records");
        var ids = _page.Locator("tr.record-row td:first-child");
        await Expect(ids.First).ToHaveTextAsync("1");

        await _page.GetByTestId("jump-to").FillAsync("12");
        await _page.GetByTestId("jump-to").PressAsync("Enter");
        await Expect(ids.First).ToHaveTextAsync("12");
        await Expect(_page.Locator("tr.record-12")).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("record-highlight"));

        // Sorted by id descending, the jump goes down from the id: 12, 11, 10 ...
        await _page.GetByRole(AriaRole.Columnheader, new() { Name = "Id" }).GetByRole(AriaRole.Button).First.ClickAsync();
        await _page.GetByRole(AriaRole.Columnheader, new() { Name = "Id" }).GetByRole(AriaRole.Button).First.ClickAsync();
        await Expect(_page.GetByLabel("From id, down")).ToBeVisibleAsync();
        await Expect(ids.First).ToHaveTextAsync("12");
        await Expect(ids.Nth(1)).ToHaveTextAsync("11");
        await ConsolePage.SaveScreenshotAsync(_page, "records-jump-descending");
    }

    [Fact]
    public async Task Records_LastPage_UnderWriteLoad_LandsOnTheLastPage_EveryTime()
    {
        using (var client = RawClient.Connect(_server.PipeName))
        {
            client.Send(Frames.Concat(Enumerable.Range(1, 300).Select(i => Frames.Add(i, -i)).ToArray()));
            for (var i = 0; i < 300; i++)
            {
                client.ReadId();
            }
        }

        using var stop = new CancellationTokenSource();
        var writer = Task.Run(() =>
        {
            // Another client adds and deletes all the while, as production traffic would, pipelined
            // so that the end moves by more than a page between two reads of the grid.
            using var client = RawClient.Connect(_server.PipeName);
            const int batch = 12;
            for (var i = 0; !stop.IsCancellationRequested; i += batch)
            {
                client.Send(Frames.Concat(Enumerable.Range(i, batch)
                    .Select(k => k % 3 == 2 ? Frames.Delete((ulong)(k + 1)) : Frames.Add(k, k)).ToArray()));
                for (var k = 0; k < batch; k++)
                {
                    client.ReadResponse();
                }
            }
        });
        try
        {
            await ConsolePage.OpenAsync(_page, "records", "Records");
            var ids = _page.Locator("tr.record-row td:first-child");
            var pager = _page.Locator(".mud-table-pagination-caption[translate=no]");
            for (var attempt = 0; attempt < 7; attempt++)
            {
                await Expect(pager).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^1-25 of [\d,]+"));
                await _page.GetByRole(AriaRole.Button, new() { Name = "Last page" }).ClickAsync();
                // The last page: its caption ends at the total, and its rows are the newest ids.
                await Expect(pager).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^([\d,]+)-([\d,]+) of \2$"));
                var shown = long.Parse(await ids.Last.InnerTextAsync(), System.Globalization.CultureInfo.InvariantCulture);
                Assert.True(shown > 300, $"attempt {attempt}: the last row shown is {shown}");
                await _page.GetByRole(AriaRole.Button, new() { Name = "First page" }).ClickAsync();
            }
        }
        finally
        {
            await stop.CancelAsync();
            await writer;
        }
    }

    [Fact]
    public async Task Records_NextPage_AfterDeletesBeforeIt_ShowsTheRowsThatFollowTheOnesShown()
    {
        using var client = RawClient.Connect(_server.PipeName);
        client.Send(Frames.Concat(Enumerable.Range(1, 100).Select(i => Frames.Add(i, -i)).ToArray()));
        for (var i = 0; i < 100; i++)
        {
            client.ReadId();
        }

        await ConsolePage.OpenAsync(_page, "records", "Records");
        var ids = _page.Locator("tr.record-row td:first-child");
        await Expect(ids.First).ToHaveTextAsync("1");
        await _page.GetByRole(AriaRole.Button, new() { Name = "Next page" }).ClickAsync();
        await Expect(ids.First).ToHaveTextAsync("26");
        await Expect(ids.Last).ToHaveTextAsync("50");

        // Another client deletes ten rows before the page shown.
        client.Send(Frames.Concat(Enumerable.Range(1, 10).Select(i => Frames.Delete((ulong)i)).ToArray()));
        for (var i = 0; i < 10; i++)
        {
            Assert.Equal(StatusKind.Ok, client.ReadResponse().Status);
        }

        await _page.GetByRole(AriaRole.Button, new() { Name = "Next page" }).ClickAsync();

        // By offset the page would start at 61, and 51..60 would never be shown.
        await Expect(ids.First).ToHaveTextAsync("51");
        await Expect(ids.Last).ToHaveTextAsync("75");
        await _page.GetByRole(AriaRole.Button, new() { Name = "Previous page" }).ClickAsync();
        await Expect(ids.First).ToHaveTextAsync("26");
    }

    [Fact]
    public async Task Workers_ShowOneRowPerWorkerThreadAndTheCompletionSource()
    {
        await ConsolePage.OpenAsync(_page, "workers", "Workers");

        await Expect(_page.GetByTestId("workers-table").Locator("tbody tr")).ToHaveCountAsync(Environment.ProcessorCount);
        await Expect(_page.GetByText("iocp-worker-0")).ToBeVisibleAsync();
        // The default source on Linux, named as the OS names it, on the page and in the app bar's badge.
        await Expect(_page.GetByTestId("completion-source")).ToHaveTextAsync("io_uring");
        await Expect(_page.Locator(".server-badge").First).ToContainTextAsync("CompletionPort (io_uring)");
        await ConsolePage.SaveScreenshotAsync(_page, "workers");
    }

    [Fact]
    public async Task SignOut_EndsTheSession()
    {
        await ConsolePage.OpenAsync(_page, "", "Overview");

        await _page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();

        await Expect(_page.GetByRole(AriaRole.Button, new() { Name = "Sign in" })).ToBeVisibleAsync();
        await ConsolePage.SaveScreenshotAsync(_page, "sign-in");
        await _page.GotoAsync("clients");
        await Expect(_page).ToHaveURLAsync(new Regex("/account/login"));
    }

    private static bool Ping(string pipe, CancellationToken stop)
    {
        using var client = RawClient.Connect(pipe);
        while (!stop.IsCancellationRequested)
        {
            client.Send(Frames.Concat(Frames.Ping([1]), Frames.Ping([2])));
            client.ReadResponse();
            client.ReadResponse();
        }

        return true;
    }

    [GeneratedRegex(@"client-(\d+)")]
    private static partial Regex ClientId();
}
