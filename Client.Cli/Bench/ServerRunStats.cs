namespace IocpAdmin.Cli.Bench;

/// <summary>
/// What a run cost the server process and how the machine answered meanwhile: peak threads and
/// resident memory (sampled every 100 ms), CPU time used during the run, and the latency of the
/// web health endpoint probed every 100 ms while the load ran.
/// </summary>
internal sealed record ServerRunStats(
    int IdleThreads,
    int PeakThreads,
    double CpuSeconds,
    double PeakMemoryMb,
    int Probes,
    int ProbeFailures,
    double ProbeP50Ms,
    double ProbeP99Ms,
    double ProbeMaxMs);
