using IocpAdmin.Server.Diagnostics;
using IocpAdmin.Server.Sessions;
using IocpAdmin.Web.Dashboard;
using IocpAdmin.Tests.Infrastructure;

namespace IocpAdmin.Tests.Web;

/// <summary>The Clients page's and the hub's queries: filtered, sorted and paged on the server.</summary>
public sealed class ClientDirectoryTests : IAsyncLifetime
{
    private ConsoleServices _console = null!;
    private readonly List<RawClient> _clients = [];

    public async ValueTask InitializeAsync()
    {
        _console = await ConsoleServices.StartAsync();
        // Client i sends i PINGs; the last one also starts a frame it never finishes.
        for (var i = 1; i <= 12; i++)
        {
            var client = _console.Server.Connect();
            _clients.Add(client);
            for (var p = 0; p < i; p++)
            {
                client.Send(Frames.Ping([1]));
                client.ReadResponse();
            }
        }

        _clients[^1].SendHex("09 00");
        // A client has its answer a moment before its session is back to waiting for the next
        // request (WaitingForData, or Receiving after a spurious readiness): wait for that.
        await Eventually.TrueAsync(() =>
            {
                var sessions = _console.Directory.Matching(ClientFilter.All);
                return sessions.Count(s => s.HasPartialFrame) == 1
                       && sessions.All(s => s.State is SessionState.WaitingForData or SessionState.Receiving);
            },
            TimeSpan.FromSeconds(5), "every client waits for its next request and the last shows its half frame");
    }

    public async ValueTask DisposeAsync()
    {
        _clients.ForEach(c => c.Dispose());
        await _console.DisposeAsync();
    }

    [Fact]
    public void Query_SortedByRequestsDescending_PagesFromTheBusiest()
    {
        var first = _console.Directory.Query(new ClientQuery(ClientFilter.All, nameof(SessionSnapshot.Requests), Descending: true, Page: 0, PageSize: 5));
        var second = _console.Directory.Query(new ClientQuery(ClientFilter.All, nameof(SessionSnapshot.Requests), Descending: true, Page: 1, PageSize: 5));

        Assert.Equal(12, first.Total);
        Assert.Equal([12L, 11, 10, 9, 8], first.Items.Select(s => s.Requests));
        Assert.Equal([7L, 6, 5, 4, 3], second.Items.Select(s => s.Requests));
    }

    [Fact]
    public void Query_ByState_SelectsOnlyThatState()
    {
        var receiving = _console.Directory.Query(new ClientQuery(new ClientFilter(SessionState.Receiving)));
        var waiting = _console.Directory.Query(new ClientQuery(new ClientFilter(SessionState.WaitingForData)));

        Assert.All(receiving.Items, s => Assert.Equal(SessionState.Receiving, s.State));
        Assert.All(waiting.Items, s => Assert.Equal(SessionState.WaitingForData, s.State));
        Assert.Contains(receiving.Items, s => s.HasPartialFrame);
        Assert.Equal(12, receiving.Total + waiting.Total);
        Assert.Equal(0, _console.Directory.Query(new ClientQuery(new ClientFilter(SessionState.Storing))).Total);
    }

    [Fact]
    public void Query_BySearch_MatchesIdProcessIdOrCommand()
    {
        var id = _console.Directory.Matching(ClientFilter.All).First().Id;

        Assert.Equal(1, _console.Directory.Query(new ClientQuery(new ClientFilter(Search: id.ToString(System.Globalization.CultureInfo.InvariantCulture)))).Total);
        Assert.Equal(12, _console.Directory.Query(new ClientQuery(new ClientFilter(Search: Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture)))).Total);
        Assert.Equal(12, _console.Directory.Query(new ClientQuery(new ClientFilter(Search: "ping"))).Total);
        Assert.Equal(0, _console.Directory.Query(new ClientQuery(new ClientFilter(Search: "LIST"))).Total);
    }

    [Fact]
    public async Task Query_IdleAtLeast_SelectsClientsQuietThatLong()
    {
        await Eventually.TrueAsync(() => _console.Directory.Query(new ClientQuery(new ClientFilter(IdleAtLeastSeconds: 1))).Total == 12,
            TimeSpan.FromSeconds(10), "every client has been idle for a second");
        _clients[0].Send(Frames.Ping([1]));
        _clients[0].ReadResponse();

        Assert.Equal(11, _console.Directory.Query(new ClientQuery(new ClientFilter(IdleAtLeastSeconds: 1))).Total);
    }

    [Theory]
    [InlineData(-5, 3, 3)]
    [InlineData(0, 0, 1)]
    [InlineData(0, int.MaxValue, 12)]
    [InlineData(1000, 5, 0)]
    public void Query_WithOutOfRangePageOrSize_IsClampedNotRefused(int page, int size, int expectedItems)
    {
        var result = _console.Directory.Query(new ClientQuery(ClientFilter.All, Page: page, PageSize: size));

        Assert.Equal(expectedItems, result.Items.Count);
        Assert.Equal(12, result.Total);
    }
}
