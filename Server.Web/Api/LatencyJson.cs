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
