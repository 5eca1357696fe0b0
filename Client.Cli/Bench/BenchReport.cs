using System.Globalization;
using Spectre.Console;

namespace IocpAdmin.Cli.Bench;

/// <summary>Terminal tables of benchmark results.</summary>
internal static class BenchReport
{
    /// <summary>The run with the median throughput of repeated runs of one plan.</summary>
    public static BenchResult Median(IReadOnlyList<BenchResult> runs) =>
        runs.OrderBy(r => r.TransactionsPerSecond).ElementAt(runs.Count / 2);

    public static Table Results(IEnumerable<BenchResult> results, string title)
    {
        var table = new Table().Border(TableBorder.Rounded).Title(Markup.Escape(title));
        table.AddColumns(
            new TableColumn("clients").RightAligned(),
            new TableColumn("script"),
            new TableColumn("transactions").RightAligned(),
            new TableColumn("errors").RightAligned(),
            new TableColumn("time s").RightAligned(),
            new TableColumn("tx/s").RightAligned(),
            new TableColumn("p50 ms").RightAligned(),
            new TableColumn("p90 ms").RightAligned(),
            new TableColumn("p99 ms").RightAligned(),
            new TableColumn("max ms").RightAligned());
        foreach (var r in results)
        {
            table.AddRow(
                N(r.Clients),
                Markup.Escape(r.Op + (r.Pipeline > 1 ? $" x{r.Pipeline}" : "")),
                N(r.Completed),
                r.Clean ? "0" : $"[red]{N(r.Errors)}{(r.TimedOut ? " (time limit)" : "")}[/]",
                r.ElapsedSeconds.ToString("0.00", CultureInfo.InvariantCulture),
                N(r.TransactionsPerSecond),
                Ms(r.P50Ms),
                Ms(r.P90Ms),
                Ms(r.P99Ms),
                Ms(r.MaxMs));
        }

        return table;
    }

    /// <summary>The first failure of each run that had one, for the lines under a table.</summary>
    public static IEnumerable<string> Failures(IEnumerable<BenchResult> results) =>
        results.Where(r => !r.Clean).Select(r =>
            $"{r.Clients} clients: {r.Errors:N0} errors, {r.FailedClients:N0} clients failed" +
            (r.TimedOut ? ", stopped at the time limit" : "") +
            (r.FirstFailure is null ? "" : $"; first: {r.FirstFailure}"));

    public static string N(double value) => value.ToString("N0", CultureInfo.InvariantCulture);

    public static string Ms(double value) => value.ToString(value < 10 ? "0.000" : "0.0", CultureInfo.InvariantCulture);
}
