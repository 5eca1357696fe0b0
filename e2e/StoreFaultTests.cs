using IocpAdmin.E2E.Infrastructure;
using IocpAdmin.Protocol;
using IocpAdmin.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace IocpAdmin.E2E;

/// <summary>The operator sees a failing store on the overview, and sees it recover, as it happens.</summary>
[Collection(BrowserCollection.Name)]
public sealed class StoreFaultTests(BrowserFixture browser)
{
    [RootFact]
    public async Task DiskFull_ShowsTheFaultOnTheOverview_ThenTheRecovery()
    {
        using var disk = new FaultyDisk(megabytes: 24);
        await using var server = await ConsoleServer.StartFirstRunOnAsync(disk.File("records.db"));
        await using var context = await browser.NewContextAsync(server.BaseUrl);
        var page = await context.NewPageAsync();
        await ConsolePage.SignInAsync(page, "admin", server.Passwords["admin"]);
        await ConsolePage.OpenAsync(page, "", "Overview");
        var fault = page.GetByTestId("store-fault");
        await Expect(fault).Not.ToBeVisibleAsync();
        using var client = RawClient.Connect(server.PipeName);

        disk.Fill();
        Assert.True(AddUntil(client, StatusKind.Error), "no ADD failed on a full disk");

        await Expect(fault).ToBeVisibleAsync(new() { Timeout = 15_000 });
        await Expect(fault).ToContainTextAsync("database or disk is full");
        await Expect(fault).ToContainTextAsync("Adds and deletes get ERROR");
        await ConsolePage.SaveScreenshotAsync(page, "store-fault");

        disk.Free();
        Assert.True(AddUntil(client, StatusKind.Ok), "no ADD succeeded once space was freed");

        await Expect(fault).Not.ToBeVisibleAsync(new() { Timeout = 15_000 });
        await Expect(page.GetByTestId("store-recovered")).ToContainTextAsync("recovered");
    }

    /// <summary>ADDs in pipelined rounds until one gets <paramref name="wanted"/>; false if none in 100 rounds.</summary>
    private static bool AddUntil(RawClient client, StatusKind wanted)
    {
        for (var round = 0; round < 100; round++)
        {
            client.Send(Frames.Concat([.. Enumerable.Range(0, 200).Select(i => Frames.Add(round, i))]));
            var seen = false;
            for (var i = 0; i < 200; i++)
            {
                seen |= client.ReadResponse().Status == wanted;
            }

            if (seen)
            {
                return true;
            }
        }

        return false;
    }
}
