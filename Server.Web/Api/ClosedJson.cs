using IocpAdmin.Server.Diagnostics;

namespace IocpAdmin.Web.Api;

/// <summary>A connection that ended, and why.</summary>
public sealed record ClosedJson(long Id, int? ProcessId, DateTimeOffset ConnectedAt, DateTimeOffset ClosedAt, string Reason, string Why, string ClosedIn, long Requests)
{
    public static ClosedJson Of(ClosedSession c) => new(c.Id, c.ProcessId, c.ConnectedAt, c.ClosedAt, c.Reason.ToString(), c.Why, c.ClosedIn.ToString(), c.Requests);
}
