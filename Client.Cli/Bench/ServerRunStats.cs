namespace IocpAdmin.Cli.Bench;

/// <summary>
/// What a run cost the server process and how the machine answered meanwhile: peak threads and
/// resident memory (sampled every 100 ms), CPU time used during the run, and the latency of the
/// web health endpoint probed every 100 ms while the load ran.
/// </summary>
/// <param name="PeakClientThreads">
/// The server's threads named for a client (thread per client's <c>client-N</c>) at the runner's
/// peak moments (every client connected; every answer in): exact where a thread count sampled
/// beside the thread pool's comings and goings is not; null where thread names cannot be read (not Linux).
/// </param>
internal sealed record ServerRunStats(
    int IdleThreads,
    int PeakThreads,
    double CpuSeconds,
    double PeakMemoryMb,
    int Probes,
    int ProbeFailures,
    double ProbeP50Ms,
    double ProbeP99Ms,
    double ProbeMaxMs,
    int? PeakClientThreads = null);
