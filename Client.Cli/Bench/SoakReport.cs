using System.Globalization;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace IocpAdmin.Cli.Bench;

/// <summary>How a soak is shown: a line per round as it ends (a log of a long run), then the verdict.</summary>
internal static class SoakReport
{
    private static double Mb(long bytes) => bytes / (1024.0 * 1024.0);

    public static string Line(SoakRound round)
    {
        var r = round.Result;
        var at = TimeSpan.FromSeconds(round.StartedAtSeconds).ToString(@"h\:mm\:ss", CultureInfo.InvariantCulture);
        var errors = r.Clean ? "0 errors" : $"[red]{r.Errors:N0} errors{(r.FirstFailure is { } f ? ": " + Markup.Escape(f) : "")}[/]";
        return string.Create(CultureInfo.InvariantCulture,
            $"round {round.Number,3} at {at}: {r.Completed,9:N0} tx, {r.TransactionsPerSecond,8:N0}/s, p99 {r.P99Ms,7:F1} ms, {errors}; " +
            $"server settled {Mb(round.SettledResidentBytes),5:F0} MB, {round.SettledHandles,4} handles, {round.SettledThreads,3} threads " +
            $"(peak {round.Peak.PeakMemoryMb:F0} MB, {round.Peak.PeakThreads} threads){(round.WarmUp ? " [grey]warm-up[/]" : "")}");
    }

    public static IRenderable Summary(SoakVerdict verdict, IReadOnlyList<SoakRound> rounds)
    {
        var measured = rounds.Where(r => !r.WarmUp).ToList();
        var table = new Table().Title(verdict.Passed ? "[green]soak passed[/]" : "[red]soak failed[/]")
            .AddColumn("").AddColumn(new TableColumn("after warm-up").RightAligned()).AddColumn(new TableColumn("at the end").RightAligned());
        table.AddRow("server memory, settled", $"{verdict.BaselineResidentMb:F0} MB", $"{verdict.FinalResidentMb:F0} MB ({verdict.GrowthPercent:+0.0;-0.0}%)");
        table.AddRow("open handles, settled", $"{verdict.BaselineHandles}", $"{verdict.FinalHandles}");
        table.AddRow("threads, settled", $"{verdict.BaselineThreads}", $"{verdict.FinalThreads}");
        table.AddRow("rounds", $"{rounds.Count - measured.Count} warm-up", $"{measured.Count} measured");
        table.AddRow("transactions", $"{verdict.Transactions:N0}", verdict.Errors == 0 ? "0 errors" : $"[red]{verdict.Errors:N0} errors[/]");
        if (measured.Count > 0)
        {
            table.AddRow("throughput (median round)", $"{measured.Select(r => r.Result.TransactionsPerSecond).Order().ElementAt(measured.Count / 2):N0}/s",
                $"p99 worst round {measured.Max(r => r.Result.P99Ms):F1} ms");
        }

        return table;
    }
}
