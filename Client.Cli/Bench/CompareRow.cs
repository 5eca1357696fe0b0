namespace IocpAdmin.Cli.Bench;

/// <summary>One client count of <c>compare</c>: each engine's median run and what it cost the server.</summary>
internal sealed record CompareRow(
    int Clients,
    BenchResult CompletionPort,
    ServerRunStats CompletionPortServer,
    BenchResult ThreadPerClient,
    ServerRunStats ThreadPerClientServer)
{
    /// <summary>Completion-port throughput over thread-per-client throughput.</summary>
    public double Ratio => ThreadPerClient.TransactionsPerSecond > 0
        ? CompletionPort.TransactionsPerSecond / ThreadPerClient.TransactionsPerSecond
        : double.PositiveInfinity;
}
