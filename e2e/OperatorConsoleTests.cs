using System.Text;
using IocpAdmin.E2E.Infrastructure;
using IocpAdmin.Protocol;
using IocpAdmin.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace IocpAdmin.E2E;

/// <summary>Users declared in configuration; an Operator sees everything and changes nothing.</summary>
[Collection(BrowserCollection.Name)]
public sealed class OperatorConsoleTests(BrowserFixture browser) : IAsyncLifetime
{
    private ConsoleServer _server = null!;

    public async ValueTask InitializeAsync() => _server = await ConsoleServer.StartWithUsersAsync(
        ("viewer", "viewer-password-1", "Operator"),
        ("helpdesk", "helpdesk-password-1", "Support"));

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Operator_SeesClientsButCannotDisconnect_NorChangeRecords()
    {
        await using var context = await browser.NewContextAsync(_server.BaseUrl);
        var page = await context.NewPageAsync();
        await ConsolePage.SignInAsync(page, "viewer", _server.Passwords["viewer"]);
        using var client = RawClient.Connect(_server.PipeName);
        client.SendHex("09 00 00");

        await ConsolePage.OpenAsync(page, "clients", "Clients");

        var row = page.Locator("tr.client-row");
        await Expect(row).ToHaveCountAsync(1);
        await Expect(page.GetByTestId("signed-in-user")).ToHaveTextAsync("viewer (Operator)");
        await Expect(row.GetByRole(AriaRole.Button)).ToHaveCountAsync(0);
        await Expect(page.GetByRole(AriaRole.Button, new() { NameRegex = new System.Text.RegularExpressions.Regex("^Disconnect") })).ToHaveCountAsync(0);
        await ConsolePage.SaveScreenshotAsync(page, "clients-as-operator");
        await ConsolePage.OpenAsync(page, "records", "Records");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Add record" })).ToHaveCountAsync(0);
        Assert.False(client.WaitForClose(TimeSpan.FromMilliseconds(200)), "the client is still connected");
    }

    [Fact]
    public async Task Operator_ThroughTheHub_ReadsClientsButDisconnectIsRefused()
    {
        await using var context = await browser.NewContextAsync(_server.BaseUrl);
        var page = await context.NewPageAsync();
        await ConsolePage.SignInAsync(page, "viewer", _server.Passwords["viewer"]);
        using var client = RawClient.Connect(_server.PipeName);
        client.Send(Frames.Ping([1]));
        client.ReadResponse();
        await using var hub = await HubClient.ConnectAsync(_server.BaseUrl, context);

        var clients = await hub.InvokeAsync<ClientPageDto>("GetClients", new { Filter = new { }, PageSize = 10 });
        var id = Assert.Single(clients.Items).Id;
        var refused = await Assert.ThrowsAsync<HubException>(() => hub.InvokeAsync<bool>("DisconnectClient", id, "looks stuck"));

        Assert.Contains("unauthorized", refused.Message, StringComparison.OrdinalIgnoreCase);
        client.Send(Frames.Ping([2]));
        Assert.Equal(StatusKind.Ok, client.ReadResponse().Status);
    }

    [Fact]
    public async Task Support_ThroughTheHub_DisconnectsAClientWithAReason_WhichTheClientReads()
    {
        await using var context = await browser.NewContextAsync(_server.BaseUrl);
        var page = await context.NewPageAsync();
        await ConsolePage.SignInAsync(page, "helpdesk", _server.Passwords["helpdesk"]);
        using var client = RawClient.Connect(_server.PipeName);
        client.Send(Frames.Ping([1]));
        client.ReadResponse();
        await using var hub = await HubClient.ConnectAsync(_server.BaseUrl, context);
        var id = Assert.Single((await hub.InvokeAsync<ClientPageDto>("GetClients", new { Filter = new { }, PageSize = 10 })).Items).Id;

        var noReason = await Assert.ThrowsAsync<HubException>(() => hub.InvokeAsync<bool>("DisconnectClient", id, " "));
        Assert.Contains("Give a reason", noReason.Message, StringComparison.Ordinal);
        Assert.True(await hub.InvokeAsync<bool>("DisconnectClient", id, "moving it to the new pool"));

        var farewell = client.ReadResponse();
        Assert.Equal((StatusKind.Busy, "disconnected by helpdesk: moving it to the new pool"), (farewell.Status, Encoding.UTF8.GetString(farewell.Payload)));
        Assert.True(client.WaitForClose());
    }

    [Fact]
    public async Task Hub_StreamOfSnapshots_ComesAtTheDashboardRateWithoutTheClientList()
    {
        await using var context = await browser.NewContextAsync(_server.BaseUrl);
        var page = await context.NewPageAsync();
        await ConsolePage.SignInAsync(page, "viewer", _server.Passwords["viewer"]);
        await using var hub = await HubClient.ConnectAsync(_server.BaseUrl, context);
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(30));

        var snapshots = new List<SnapshotDto>();
        await foreach (var snapshot in hub.StreamAsync<SnapshotDto>("StreamSnapshots", stop.Token))
        {
            snapshots.Add(snapshot);
            if (snapshots.Count == 6)
            {
                break;
            }
        }

        var gaps = snapshots.Skip(2).Zip(snapshots.Skip(1), (later, earlier) => later.Timestamp - earlier.Timestamp).ToList();
        Assert.All(gaps, gap => Assert.True(gap >= TimeSpan.FromMilliseconds(400), $"snapshots {gap.TotalMilliseconds:0} ms apart: more than the dashboard's rate"));
        Assert.All(snapshots, s => Assert.Equal(Environment.ProcessorCount, s.Workers.Count));
    }

    [Fact]
    public async Task ConfiguredUsers_NoFirstStartAdminIsCreated()
    {
        await using var context = await browser.NewContextAsync(_server.BaseUrl);
        var page = await context.NewPageAsync();

        await page.GotoAsync("account/login");
        await page.GetByLabel("User name").FillAsync("admin");
        await page.GetByLabel("Password").FillAsync("anything-at-all");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Alert)).ToHaveTextAsync("Wrong user name or password.");
        Assert.DoesNotContain("created user 'admin'", _server.Process.Output, StringComparison.Ordinal);
    }

    // The hub's JSON, read as any other tool would read it: only the fields these tests look at.
    private sealed record ClientPageDto(List<ClientDto> Items, int Total);

    private sealed record ClientDto(long Id, string State, long Requests);

    private sealed record SnapshotDto(DateTimeOffset Timestamp, int ConnectedClients, List<WorkerDto> Workers);

    private sealed record WorkerDto(int Id, double BusyPercent);
}
