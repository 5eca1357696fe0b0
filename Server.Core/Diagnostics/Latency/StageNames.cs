namespace IocpAdmin.Server.Diagnostics.Latency;

/// <summary>The stages' names as the metrics, the API and the slow log spell them.</summary>
public static class StageNames
{
    public static string Of(LatencyStageKind stage) => stage switch
    {
        LatencyStageKind.Queue => "queue",
        LatencyStageKind.Worker => "worker",
        LatencyStageKind.Commit => "commit",
        LatencyStageKind.ClientRead => "client_read",
        _ => "total",
    };

    /// <summary>In words, for people.</summary>
    public static string Describe(LatencyStageKind stage) => stage switch
    {
        LatencyStageKind.Queue => "completion-queue wait",
        LatencyStageKind.Worker => "worker time",
        LatencyStageKind.Commit => "commit wait",
        LatencyStageKind.ClientRead => "waiting for the client to read",
        _ => "total",
    };
}
