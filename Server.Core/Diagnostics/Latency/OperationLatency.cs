using IocpAdmin.Protocol;

namespace IocpAdmin.Server.Diagnostics.Latency;

/// <summary>
/// One opcode's requests over a window: how many, how long (milliseconds, from the histogram's
/// buckets: at most 25 % above the true value) and the share of their time each stage took.
/// </summary>
public sealed record OperationLatency(
    RequestKind Kind,
    long Count,
    double PerSecond,
    double MeanMilliseconds,
    double P50Milliseconds,
    double P99Milliseconds,
    double MaxMilliseconds,
    double QueueShare,
    double WorkerShare,
    double CommitShare,
    double ClientReadShare,
    double QueueP99Milliseconds,
    double WorkerP99Milliseconds,
    double CommitP99Milliseconds,
    double ClientReadP99Milliseconds)
{
    public string Name => RequestNames.Of(Kind);

    /// <summary>The stage that took the largest share of these requests' time.</summary>
    public LatencyStageKind Dominant
    {
        get
        {
            var dominant = LatencyStageKind.Queue;
            var share = QueueShare;
            if (WorkerShare > share)
            {
                (dominant, share) = (LatencyStageKind.Worker, WorkerShare);
            }

            if (CommitShare > share)
            {
                (dominant, share) = (LatencyStageKind.Commit, CommitShare);
            }

            return ClientReadShare > share ? LatencyStageKind.ClientRead : dominant;
        }
    }

    public double ShareOf(LatencyStageKind stage) => stage switch
    {
        LatencyStageKind.Queue => QueueShare,
        LatencyStageKind.Worker => WorkerShare,
        LatencyStageKind.Commit => CommitShare,
        LatencyStageKind.ClientRead => ClientReadShare,
        _ => 1,
    };

    internal static OperationLatency From(LatencyTotals window, RequestKind kind, double seconds)
    {
        var count = window.Count(kind);
        return new OperationLatency(kind, count, seconds <= 0 ? 0 : count / seconds,
            window.Mean(kind, LatencyStageKind.Total),
            window.Percentile(kind, LatencyStageKind.Total, 0.50),
            window.Percentile(kind, LatencyStageKind.Total, 0.99),
            window.Max(kind, LatencyStageKind.Total),
            window.Share(kind, LatencyStageKind.Queue),
            window.Share(kind, LatencyStageKind.Worker),
            window.Share(kind, LatencyStageKind.Commit),
            window.Share(kind, LatencyStageKind.ClientRead),
            window.Percentile(kind, LatencyStageKind.Queue, 0.99),
            window.Percentile(kind, LatencyStageKind.Worker, 0.99),
            window.Percentile(kind, LatencyStageKind.Commit, 0.99),
            window.Percentile(kind, LatencyStageKind.ClientRead, 0.99));
    }
}
