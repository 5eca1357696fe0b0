using IocpAdmin.Server.Diagnostics.Latency;

namespace IocpAdmin.Web.Api;

/// <summary>GET /api/v1/latency: where the time goes over the last minute, the doctor's findings, the newest slow requests.</summary>
internal sealed record LatencyJson(
    DateTimeOffset At,
    double WindowSeconds,
    double SlowThresholdMilliseconds,
    long SlowTotal,
    IReadOnlyList<OperationLatencyJson> Operations,
    IReadOnlyList<FindingJson> Findings,
    IReadOnlyList<SlowRequestJson> Slow)
{
    public static LatencyJson Of(LatencyReport report) => new(
        report.At,
        Math.Round(report.Window.TotalSeconds, 1),
        report.SlowThreshold.TotalMilliseconds,
        report.SlowTotal,
        report.Operations.Where(o => o.Count > 0).Select(OperationLatencyJson.Of).ToList(),
        report.Findings.Select(FindingJson.Of).ToList(),
        report.Slow.Select(SlowRequestJson.Of).ToList());
}

/// <summary>One opcode over the window; stage figures keyed queue, worker, commit, clientRead.</summary>
internal sealed record OperationLatencyJson(
    string Opcode,
    long Count,
    double PerSecond,
    double MeanMilliseconds,
    double P50Milliseconds,
    double P99Milliseconds,
    double MaxMilliseconds,
    string Dominant,
    StagesJson Share,
    StagesJson P99StageMilliseconds)
{
    public static OperationLatencyJson Of(OperationLatency o) => new(o.Name, o.Count, Math.Round(o.PerSecond, 1), Round(o.MeanMilliseconds),
        o.P50Milliseconds, o.P99Milliseconds, o.MaxMilliseconds, StageNames.Of(o.Dominant),
        new StagesJson(Math.Round(o.QueueShare, 3), Math.Round(o.WorkerShare, 3), Math.Round(o.CommitShare, 3), Math.Round(o.ClientReadShare, 3)),
        new StagesJson(o.QueueP99Milliseconds, o.WorkerP99Milliseconds, o.CommitP99Milliseconds, o.ClientReadP99Milliseconds));

    internal static double Round(double milliseconds) => Math.Round(milliseconds, 3);
}

internal sealed record StagesJson(double Queue, double Worker, double Commit, double ClientRead);

internal sealed record FindingJson(string Severity, string Title, string Evidence, string? Advice, string? Stage)
{
    public static FindingJson Of(DoctorFinding f) => new(f.Severity.ToString(), f.Title, f.Evidence, f.Advice, f.Stage is { } stage ? StageNames.Of(stage) : null);
}

/// <summary>One slow-log entry; <c>requests</c> is more than 1 when several of one opcode arrived and were answered together.</summary>
internal sealed record SlowRequestJson(
    long Id,
    DateTimeOffset At,
    long ClientId,
    int? ProcessId,
    string Opcode,
    int Requests,
    double TotalMilliseconds,
    double QueueMilliseconds,
    double WorkerMilliseconds,
    double CommitMilliseconds,
    double ClientReadMilliseconds,
    string Dominant)
{
    public static SlowRequestJson Of(SlowRequest s) => new(s.Sequence, s.At, s.SessionId, s.ProcessId, IocpAdmin.Protocol.RequestNames.Of(s.Kind), s.Requests,
        OperationLatencyJson.Round(s.Total.TotalMilliseconds), OperationLatencyJson.Round(s.Queue.TotalMilliseconds),
        OperationLatencyJson.Round(s.Worker.TotalMilliseconds), OperationLatencyJson.Round(s.Commit.TotalMilliseconds),
        OperationLatencyJson.Round(s.ClientRead.TotalMilliseconds), StageNames.Of(s.Dominant));
}
