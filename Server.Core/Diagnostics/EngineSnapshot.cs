using IocpAdmin.Server.Engine;

namespace IocpAdmin.Server.Diagnostics;

/// <summary>The engine at one moment: totals, and rates over the interval since the previous snapshot.</summary>
public sealed record EngineSnapshot(
    DateTimeOffset Timestamp,
    EngineKind Mode,
    string PipeAddress,
    int ConnectedClients,
    int MaxClients,
    long AcceptedTotal,
    long RefusedTotal,
    IReadOnlyDictionary<Sessions.SessionState, int> ClientsByState,
    int PortQueueDepth,
    int PortActiveWorkers,
    int PortConcurrency,
    long RequestsTotal,
    double RequestsPerSecond,
    long BytesReceivedTotal,
    long BytesSentTotal,
    double BytesReceivedPerSecond,
    double BytesSentPerSecond,
    IReadOnlyList<WorkerSnapshot> Workers,
    StoreSnapshot Store,
    int ProcessThreads,
    CompletionSourceKind? CompletionSource = null,
    AdmissionMode Admission = AdmissionMode.Ready);

/// <summary>One worker thread: how busy it was over the interval, and what it is doing now.</summary>
public sealed record WorkerSnapshot(int Id, double BusyPercent, long Completions, double CompletionsPerSecond, long? CurrentSessionId);

/// <summary>The record store: size, commit rate, and group-commit batch size and latency over the interval.</summary>
public sealed record StoreSnapshot(
    long Records,
    ulong NextId,
    long Commits,
    double CommitsPerSecond,
    long OperationsCommitted,
    double OperationsPerSecond,
    double AverageBatchSize,
    double AverageCommitMilliseconds,
    double MaxCommitMilliseconds,
    int LastBatchSize,
    long FailedCommits,
    string? LastError,
    DateTimeOffset? LastErrorAt,
    DateTimeOffset? FailingSince,
    DateTimeOffset? RecoveredAt);
