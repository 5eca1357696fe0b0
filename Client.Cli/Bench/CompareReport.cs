using System.Globalization;
using Spectre.Console;
using static IocpAdmin.Cli.Bench.BenchReport;

namespace IocpAdmin.Cli.Bench;

/// <summary>The two tables of <c>compare</c>: the clients' view, and what each engine cost the machine.</summary>
internal static class CompareReport
{
    public static Table Throughput(IEnumerable<CompareRow> rows, string title)
    {
        var table = new Table().Border(TableBorder.Rounded)
            .Title(Markup.Escape($"completion port (CP) vs thread per client (TPC): {title}"))
            .Caption("latency cells: CP / TPC");
        table.AddColumns(
            new TableColumn("clients").RightAligned(),
            new TableColumn("CP tx/s").RightAligned(),
            new TableColumn("TPC tx/s").RightAligned(),
            new TableColumn("CP/TPC").RightAligned(),
            new TableColumn("p50 ms").RightAligned(),
            new TableColumn("p99 ms").RightAligned(),
            new TableColumn("max ms").RightAligned(),
            new TableColumn("errors").RightAligned());
        foreach (var r in rows)
        {
            table.AddRow(
                N(r.Clients),
                N(r.CompletionPort.TransactionsPerSecond),
                N(r.ThreadPerClient.TransactionsPerSecond),
                r.Ratio.ToString("0.00", CultureInfo.InvariantCulture) + "x",
                $"{Ms(r.CompletionPort.P50Ms)} / {Ms(r.ThreadPerClient.P50Ms)}",
                $"{Ms(r.CompletionPort.P99Ms)} / {Ms(r.ThreadPerClient.P99Ms)}",
                $"{Ms(r.CompletionPort.MaxMs)} / {Ms(r.ThreadPerClient.MaxMs)}",
                r.CompletionPort.Clean && r.ThreadPerClient.Clean ? "0" : $"[red]{N(r.CompletionPort.Errors)} / {N(r.ThreadPerClient.Errors)}[/]");
        }

        return table;
    }

    public static Table ServerCost(IEnumerable<CompareRow> rows)
    {
        var table = new Table().Border(TableBorder.Rounded)
            .Title("the server process during each run")
            .Caption("cells: CP / TPC. Threads and memory: peaks sampled every 100 ms. Probe: GET /healthz every 100 ms while loaded.");
        table.AddColumns(
            new TableColumn("clients").RightAligned(),
            new TableColumn("threads").RightAligned(),
            new TableColumn("CPU s").RightAligned(),
            new TableColumn("memory MB").RightAligned(),
            new TableColumn("probe p50 ms").RightAligned(),
            new TableColumn("probe max ms").RightAligned());
        foreach (var r in rows)
        {
            var (cp, tpc) = (r.CompletionPortServer, r.ThreadPerClientServer);
            table.AddRow(
                N(r.Clients),
                $"{N(cp.PeakThreads)} / {N(tpc.PeakThreads)}",
                $"{cp.CpuSeconds.ToString("0.0", CultureInfo.InvariantCulture)} / {tpc.CpuSeconds.ToString("0.0", CultureInfo.InvariantCulture)}",
                $"{N(cp.PeakMemoryMb)} / {N(tpc.PeakMemoryMb)}",
                $"{Ms(cp.ProbeP50Ms)} / {Ms(tpc.ProbeP50Ms)}",
                $"{Ms(cp.ProbeMaxMs)} / {Ms(tpc.ProbeMaxMs)}" + (cp.ProbeFailures + tpc.ProbeFailures > 0 ? $" [red]({cp.ProbeFailures} / {tpc.ProbeFailures} failed)[/]" : ""));
        }

        return table;
    }
}
