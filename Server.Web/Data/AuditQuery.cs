namespace IocpAdmin.Web.Data;

/// <summary>Which audit entries to show or export; every part optional.</summary>
/// <param name="User">Only this user's entries (exact name, any case).</param>
/// <param name="Action">Only this verb (<see cref="AuditActions"/>).</param>
/// <param name="SinceUtc">Only entries at or after this time.</param>
/// <param name="Search">Only entries mentioning this text in any field.</param>
public sealed record AuditQuery(string? User = null, string? Action = null, DateTime? SinceUtc = null, string? Search = null)
{
    public static AuditQuery All { get; } = new();
}
