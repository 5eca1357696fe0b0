using IocpAdmin.Server.Diagnostics;
using IocpAdmin.Server.Engine;
using IocpAdmin.Server.Sessions;
using IocpAdmin.Web.Dashboard;

namespace IocpAdmin.Web.Api;

/// <summary>One connected client, as the API and <c>iocpadmin clients list --json</c> give it.</summary>
/// <param name="Verdict">What it is doing, in words, with the evidence.</param>
/// <param name="VerdictKind">The same as a word: active, idle, half-frame, not-reading, waiting-for-commit.</param>
public sealed record ClientJson(
    long Id,
    int? ProcessId,
    uint? UserId,
    string? Executable,
    string? User,
    string State,
    double StateSeconds,
    string Verdict,
    string VerdictKind,
    DateTimeOffset ConnectedAt,
    double IdleSeconds,
    long Requests,
    long BytesReceived,
    long BytesSent,
    string LastRequest,
    int PartialBytes,
    int PartialFrameSize,
    double? PartialSeconds,
    int UnsentBytes,
    int WaitingWrites)
{
    public static ClientJson Of(SessionSnapshot s, ProcessIdentity identity) => new(
        s.Id, s.ProcessId, s.UserId, identity.Executable, identity.User, s.State.ToString(), Math.Round(s.StateFor.TotalSeconds, 3),
        s.Verdict.Text, VerdictKinds.Name(s.Verdict.Kind), s.ConnectedAt, Math.Round(s.IdleFor.TotalSeconds, 3), s.Requests, s.BytesReceived,
        s.BytesSent, s.LastRequestName, s.PartialBytes, s.PartialFrameSize, s.PartialFor is { } p ? Math.Round(p.TotalSeconds, 3) : null,
        s.UnsentBytes, s.WaitingWrites);
}

/// <summary>A page of clients and how many match in all.</summary>
public sealed record ClientListJson(int Total, IReadOnlyList<ClientJson> Items);

/// <summary>One history entry: a transition ("state"), an answered request ("request") or a commit ("commit").</summary>
public sealed record HistoryJson(DateTimeOffset At, string Event, string? State, string? Request, string? Status, int Bytes)
{
    public static HistoryJson Of(HistoryEvent e) => new(e.At, e.Kind.ToString().ToLowerInvariant(),
        e.Kind == HistoryEventKind.State ? e.State.ToString() : null,
        e.Kind == HistoryEventKind.Request ? (e.Request == IocpAdmin.Protocol.RequestKind.None ? "(bad frame)" : IocpAdmin.Protocol.RequestNames.Of(e.Request)) : null,
        e.Kind == HistoryEventKind.State ? null : IocpAdmin.Protocol.RequestNames.Of(e.Status),
        e.Bytes);
}

/// <summary>A connection that ended, and why.</summary>
public sealed record ClosedJson(long Id, int? ProcessId, DateTimeOffset ConnectedAt, DateTimeOffset ClosedAt, string Reason, string Why, string ClosedIn, long Requests)
{
    public static ClosedJson Of(ClosedSession c) => new(c.Id, c.ProcessId, c.ConnectedAt, c.ClosedAt, c.Reason.ToString(), c.Why, c.ClosedIn.ToString(), c.Requests);
}

/// <summary>One client with its history (connected), or how it ended (closed).</summary>
public sealed record ClientDetailJson(long Id, bool Connected, ClientJson? Client, IReadOnlyList<HistoryJson> History, ClosedJson? Closed);

/// <summary>Which clients a disconnect selects: the filter's fields (all optional).</summary>
public sealed record ClientFilterJson(string? State, int? IdleAtLeastSeconds, string? Search, string? Verdict, int? ProcessId);

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

public sealed record QuarantineJson(long Id, string Scope, long Key, string Target, string Reason, string By, DateTimeOffset Since, DateTimeOffset Until, long Refused)
{
    public static QuarantineJson Of(Quarantine q) => new(q.Id, q.Scope.ToString().ToLowerInvariant(), q.Key, q.Target, q.Reason, q.By, q.Since, q.Until, q.Refused);
}

public sealed record AdmissionJson(string Mode, string? Previous = null);
