namespace IocpAdmin.Cli.Bench;

/// <summary>One benchmark run: how many clients, and the script each of them runs.</summary>
/// <param name="Clients">Concurrent connections, each with its own script.</param>
/// <param name="Transactions">Requests per client (for <see cref="BenchOpKind.Batch"/>: derived from sets and set size).</param>
/// <param name="Op">The transaction mix.</param>
/// <param name="Pipeline">Requests a client keeps in flight; 1 is the classic request/response round trip.</param>
/// <param name="SeedRecords">Records added before the run for RETRIEVE to find.</param>
/// <param name="BatchSets">Batch script: sets per client.</param>
/// <param name="BatchSize">Batch script: additions (then deletions) per set.</param>
internal sealed record BenchPlan(
    int Clients,
    int Transactions,
    BenchOpKind Op,
    int Pipeline,
    int SeedRecords = 1_000,
    int BatchSets = 10,
    int BatchSize = 1_000)
{
    public static BenchPlan Batch(int clients, int sets, int size, int pipeline) =>
        new(clients, sets * size * 2, BenchOpKind.Batch, pipeline, 0, sets, size);

    public long TotalTransactions => (long)Clients * Transactions;

    /// <summary>Records each client adds before the timed run (the ones DELETE and MIXED delete).</summary>
    public int OwnRecordsBeforeRun => Op switch
    {
        BenchOpKind.Delete => Transactions,
        BenchOpKind.Mixed => Math.Max(1, Transactions / 4),
        _ => 0,
    };

    public bool NeedsSharedSeed => Op is BenchOpKind.Get or BenchOpKind.Mixed;

    public string Describe() => Op == BenchOpKind.Batch
        ? $"batch {BatchSets}x{BatchSize}"
        : Op.ToString().ToLowerInvariant();
}
