namespace IocpAdmin.Cli.Bench;

/// <summary>What one benchmark run measured. Latencies are per transaction, in milliseconds.</summary>
internal sealed record BenchResult(
    int Clients,
    string Op,
    int Pipeline,
    long Transactions,
    long Completed,
    long Errors,
    int FailedClients,
    double ConnectSeconds,
    double ElapsedSeconds,
    double TransactionsPerSecond,
    double P50Ms,
    double P90Ms,
    double P99Ms,
    double MaxMs,
    bool TimedOut,
    string? FirstFailure)
{
    /// <summary>True when every transaction was answered as expected.</summary>
    public bool Clean => Errors == 0 && FailedClients == 0 && !TimedOut && Completed == Transactions;
}
