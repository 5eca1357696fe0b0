using IocpAdmin.Server.Diagnostics;
using IocpAdmin.Server.Engine;

namespace IocpAdmin.Web.Dashboard;

/// <summary>
/// Answers the console's and the hub's questions about connected clients. Filtering, sorting and
/// paging happen here, so 10,000 clients cost the browser one page of rows.
/// </summary>
public sealed class ClientDirectory(RecordServer server, ProcessIdentities identities)
{
    public ClientPage Query(ClientQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var matching = Matching(query.Filter);
        IEnumerable<SessionSnapshot> sorted = (query.SortBy ?? nameof(SessionSnapshot.Id)) switch
        {
            nameof(SessionSnapshot.State) => Order(matching, s => s.State, query.Descending),
            nameof(SessionSnapshot.ConnectedAt) => Order(matching, s => s.ConnectedAt, query.Descending),
            nameof(SessionSnapshot.IdleFor) => Order(matching, s => s.IdleFor, query.Descending),
            nameof(SessionSnapshot.Requests) => Order(matching, s => s.Requests, query.Descending),
            nameof(SessionSnapshot.BytesReceived) => Order(matching, s => s.BytesReceived, query.Descending),
            nameof(SessionSnapshot.BytesSent) => Order(matching, s => s.BytesSent, query.Descending),
            nameof(SessionSnapshot.LastRequestName) => Order(matching, s => s.LastRequestName, query.Descending),
            nameof(SessionSnapshot.ProcessId) => Order(matching, s => s.ProcessId ?? -1, query.Descending),
            nameof(SessionSnapshot.Verdict) => Order(matching, s => s.Verdict.Kind, query.Descending),
            _ => Order(matching, s => s.Id, query.Descending),
        };
        var size = Math.Clamp(query.PageSize, 1, ClientQuery.MaxPageSize);
        // A page past the end is empty, however large its number (no overflow).
        var skip = (int)Math.Min(int.MaxValue, (long)Math.Max(0, query.Page) * size);
        return new ClientPage(sorted.Skip(skip).Take(size).ToList(), matching.Count);
    }

    /// <summary>Every connected client the filter selects, now.</summary>
    public List<SessionSnapshot> Matching(ClientFilter filter)
    {
        ArgumentNullException.ThrowIfNull(filter);
        if (server.State != ServerState.Running)
        {
            return [];
        }

        return server.Monitor.GetSessions().Where(filter.Matches).ToList();
    }

    /// <summary>Who a client's process is (cached: cheap per row).</summary>
    public ProcessIdentity IdentityOf(SessionSnapshot client) => identities.Of(client.ProcessId, client.UserId);

    /// <summary>
    /// One client as its own page shows it: now, with its recent history; or, once it has gone,
    /// how it ended (while the server still remembers, see <see cref="RecordServer.RecentlyClosed"/>).
    /// Null when the server knows nothing of that id.
    /// </summary>
    public ClientDetail? Detail(long id)
    {
        if (server.State != ServerState.Running)
        {
            return null;
        }

        if (server.Monitor.TryGetSession(id, out var snapshot, out var history))
        {
            return new ClientDetail(snapshot, identities.Of(snapshot!.ProcessId, snapshot.UserId), history, null);
        }

        var closed = server.RecentlyClosed().FirstOrDefault(c => c.Id == id);
        return closed is null ? null : new ClientDetail(null, identities.Of(closed.ProcessId, closed.UserId), [], closed);
    }

    /// <summary>The connected clients grouped by process: executable, user, connections, requests so far.</summary>
    public IReadOnlyList<ProcessGroup> Groups(ClientFilter filter)
    {
        return Matching(filter)
            .GroupBy(static s => (s.ProcessId, s.UserId))
            .Select(g =>
            {
                var identity = identities.Of(g.Key.ProcessId, g.Key.UserId);
                return new ProcessGroup(g.Key.ProcessId, identity.Executable, identity.User, g.Count(), g.Sum(static s => s.Requests),
                    g.Count(static s => s.Verdict.Kind is ClientVerdictKind.HalfFrame or ClientVerdictKind.NotReading));
            })
            .OrderByDescending(static g => g.Connections).ThenBy(static g => g.ProcessId ?? -1)
            .ToList();
    }

    private static IOrderedEnumerable<SessionSnapshot> Order<TKey>(List<SessionSnapshot> sessions, Func<SessionSnapshot, TKey> key, bool descending) =>
        descending ? sessions.OrderByDescending(key).ThenBy(s => s.Id) : sessions.OrderBy(key).ThenBy(s => s.Id);
}
