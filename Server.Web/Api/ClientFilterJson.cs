namespace IocpAdmin.Web.Api;

/// <summary>Which clients a disconnect selects: the filter's fields (all optional).</summary>
public sealed record ClientFilterJson(string? State, int? IdleAtLeastSeconds, string? Search, string? Verdict, int? ProcessId);
