using IocpAdmin.Server.Engine;

namespace IocpAdmin.Web.Api;

/// <summary>
/// A disconnect through the API: <see cref="Ids"/> or <see cref="Filter"/> (one of them); a filter
/// that selects every client needs <see cref="ExpectedCount"/>, like the count typed in the console.
/// </summary>
public sealed record DisconnectJson(
    IReadOnlyList<long>? Ids,
    ClientFilterJson? Filter,
    string? Reason,
    string? Mode,
    string? Quarantine,
    double? QuarantineSeconds,
    double? PerSecond,
    bool DryRun,
    int? ExpectedCount);
