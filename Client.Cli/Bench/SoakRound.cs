namespace IocpAdmin.Cli.Bench;

/// <summary>
/// One soak round: the benchmark result, the server at the round's peak, and the server settled
/// after every client of the round has gone (the reading that growth is judged on).
/// </summary>
internal sealed record SoakRound(
    int Number,
    double StartedAtSeconds,
    bool WarmUp,
    BenchResult Result,
    ServerRunStats Peak,
    long SettledResidentBytes,
    int SettledHandles,
    int SettledThreads);
