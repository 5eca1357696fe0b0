namespace IocpAdmin.Web.Api;

/// <summary>What a disconnect did (or, for a dry run, would act on).</summary>
public sealed record DisconnectResultJson(
    bool DryRun,
    IReadOnlyList<long> Ids,
    IReadOnlyList<long> Closed,
    IReadOnlyList<long> AlreadyGone,
    IReadOnlyList<long> Forced,
    IReadOnlyList<long> StillOpen,
    double TookMilliseconds,
    string Summary,
    IReadOnlyList<QuarantineJson> Quarantines);
