namespace IocpAdmin.Web.Dashboard;

/// <summary>A page of connected clients: filtered, sorted, and cut on the server.</summary>
public sealed record ClientQuery(ClientFilter Filter, string? SortBy = null, bool Descending = false, int Page = 0, int PageSize = 50)
{
    /// <summary>The most rows one page carries, whatever the caller asks.</summary>
    public const int MaxPageSize = 500;
}

/// <summary>One page of clients and how many match in all.</summary>
public sealed record ClientPage(IReadOnlyList<IocpAdmin.Server.Diagnostics.SessionSnapshot> Items, int Total);
