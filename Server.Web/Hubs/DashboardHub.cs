using System.Runtime.CompilerServices;
using IocpAdmin.Server.Diagnostics;
using IocpAdmin.Server.Engine;
using IocpAdmin.Web.Dashboard;
using IocpAdmin.Web.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;

namespace IocpAdmin.Web.Hubs;

/// <summary>
/// <c>/hubs/dashboard</c>: the console's data for any signed-in tool. Snapshots are pushed at the
/// dashboard's rate (<see cref="IDashboardClient.SnapshotUpdated"/>) or streamed on request; the
/// client list comes a bounded page at a time.
/// </summary>
[Authorize(Policy = Policies.View)]
internal sealed class DashboardHub(DashboardFeed feed, ClientDirectory clients, AdminActions actions, RecordServer server) : Hub<IDashboardClient>
{
    /// <summary>The snapshots from now on, at the dashboard's rate, until the caller cancels.</summary>
    public async IAsyncEnumerable<EngineSnapshot> StreamSnapshots([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (feed.Latest is { } latest)
        {
            yield return latest;
        }

        await foreach (var snapshot in feed.SubscribeAsync(cancellationToken))
        {
            yield return snapshot;
        }
    }

    /// <summary>One page (at most <see cref="ClientQuery.MaxPageSize"/> rows) of connected clients.</summary>
    public ClientPage GetClients(ClientQuery query) => clients.Query(query ?? new ClientQuery(ClientFilter.All));

    /// <summary>The last connections that ended (at most 256), newest first, with why.</summary>
    public IReadOnlyList<ClosedSession> GetRecentlyClosed() => server.RecentlyClosed();

    /// <summary>
    /// Disconnects one client gracefully, telling it <paramref name="reason"/> (Support only); true once
    /// its connection is closed, false if it had already gone. A missing reason is refused.
    /// </summary>
    [Authorize(Policy = Policies.Act)]
    public async Task<bool> DisconnectClient(long id, string reason)
    {
        try
        {
            var outcome = await actions.DisconnectAsync(Context.User!, new DisconnectRequest([id], DisconnectMode.Graceful, reason ?? "", "through the hub"));
            return outcome.Closed.Count == 1;
        }
        catch (InvalidActionException ex)
        {
            throw new HubException(ex.Message);
        }
    }
}
