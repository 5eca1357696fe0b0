using IocpAdmin.Server.Diagnostics.Latency;

namespace IocpAdmin.Web.Api;

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
