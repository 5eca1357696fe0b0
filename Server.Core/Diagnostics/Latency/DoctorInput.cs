using IocpAdmin.Server.Storage;

namespace IocpAdmin.Server.Diagnostics.Latency;

/// <summary>What the doctor reads: the window's latencies and store figures, the engine now, and how long the queue has been deep.</summary>
public sealed record DoctorInput(
    TimeSpan Window,
    IReadOnlyList<OperationLatency> Operations,
    EngineSnapshot Engine,
    TimeSpan QueueDeepFor,
    StoreWindow Store,
    SynchronousKind Synchronous,
    TimeSpan SlowThreshold);
