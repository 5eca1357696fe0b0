using IocpAdmin.Server.Diagnostics;
using IocpAdmin.Server.Engine;

namespace IocpAdmin.Web.Dashboard;

/// <summary>
/// Answers the console's and the hub's questions about connected clients. Filtering, sorting and
/// paging happen here, so 10,000 clients cost the browser one page of rows.
/// </summary>
public sealed class ClientDirectory(RecordServer server)
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
            _ => Order(matching, s => s.Id, query.Descending),
        };
        var size = Math.Clamp(query.PageSize, 1, ClientQuery.MaxPageSize);
        return new ClientPage(sorted.Skip(Math.Max(0, query.Page) * size).Take(size).ToList(), matching.Count);
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

    private static IOrderedEnumerable<SessionSnapshot> Order<TKey>(List<SessionSnapshot> sessions, Func<SessionSnapshot, TKey> key, bool descending) =>
        descending ? sessions.OrderByDescending(key).ThenBy(s => s.Id) : sessions.OrderBy(key).ThenBy(s => s.Id);
}
