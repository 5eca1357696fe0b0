namespace IocpAdmin.Server.Diagnostics.Latency;

/// <summary>
/// Where the time goes now: each opcode's latency and stage shares over <see cref="Window"/>, what the
/// doctor makes of it, and the slow log's newest entries.
/// </summary>
public sealed record LatencyReport(
    DateTimeOffset At,
    TimeSpan Window,
    IReadOnlyList<OperationLatency> Operations,
    IReadOnlyList<DoctorFinding> Findings,
    TimeSpan SlowThreshold,
    long SlowTotal,
    IReadOnlyList<SlowRequest> Slow);
