using IocpAdmin.Server.Diagnostics;
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
