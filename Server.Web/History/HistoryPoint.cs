namespace IocpAdmin.Web.History;

/// <summary>The Overview's figures at one moment (a second), or averaged over a step (a minute or more).</summary>
public sealed record HistoryPoint(
    DateTimeOffset At,
    double RequestsPerSecond,
    double QueueDepth,
    double QueueDepthMax,
    double ActiveWorkers,
    double BusyPercent,
    double Clients,
    double CommitsPerSecond,
    double WritesPerCommit,
    double BytesReceivedPerSecond,
    double BytesSentPerSecond)
{
    public static HistoryPoint Of(Server.Diagnostics.EngineSnapshot snapshot) => new(
        snapshot.Timestamp,
        snapshot.RequestsPerSecond,
        snapshot.PortQueueDepth,
        snapshot.PortQueueDepth,
        snapshot.PortActiveWorkers,
        snapshot.Workers.Count == 0 ? 0 : snapshot.Workers.Average(w => w.BusyPercent),
        snapshot.ConnectedClients,
        snapshot.Store.CommitsPerSecond,
        snapshot.Store.AverageBatchSize,
        snapshot.BytesReceivedPerSecond,
        snapshot.BytesSentPerSecond);
}
