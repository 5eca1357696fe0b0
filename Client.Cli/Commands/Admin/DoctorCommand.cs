using System.ComponentModel;
using System.Globalization;
using System.Text.Json.Nodes;
using IocpAdmin.Cli.Connection;
using Spectre.Console;
using Spectre.Console.Cli;

namespace IocpAdmin.Cli.Commands.Admin;

[Description("Where the time goes over the last minute: what dominates request latency, in words, with the evidence; each opcode's p50/p99 split into queue, worker, commit and client-read time; the newest slow requests. Operator token.")]
internal sealed class DoctorCommand(IAnsiConsole console) : AdminCommand<ConsoleSettings>(console)
{
    protected override async Task<int> RunAsync(ConsoleApi api, ConsoleSettings settings, CancellationToken cancellationToken)
    {
        var report = await api.GetAsync("api/v1/latency?slow=10", cancellationToken);
        if (settings.Json)
        {
            WriteJson(report);
            return ExitCodes.Success;
        }

        foreach (var finding in report["findings"]?.AsArray() ?? [])
        {
            var colour = Text(finding, "severity") switch
            {
                "Critical" => "red",
                "Warning" => "yellow",
                "Info" => "blue",
                _ => "green",
            };
            Console.MarkupLine($"[{colour} bold]{Markup.Escape(Text(finding, "title"))}[/]: {Markup.Escape(Text(finding, "evidence"))}.");
            if (finding?["advice"] is { } advice)
            {
                Console.MarkupLine($"  [grey]{Markup.Escape(advice.ToString())}[/]");
            }
        }

        Console.WriteLine();
        var table = new Table().Border(TableBorder.Simple)
            .Title($"Last {Text(report, "windowSeconds")} s")
            .AddColumns("Opcode", "Requests", "p50", "p99", "Max", "Queue", "Worker", "Commit", "Client read");
        foreach (var column in table.Columns.Skip(1))
        {
            column.RightAligned();
        }

        foreach (var op in report["operations"]?.AsArray() ?? [])
        {
            var share = op?["share"];
            table.AddRow(Text(op, "opcode"), Number(op, "count"), Ms(op?["p50Milliseconds"]), Ms(op?["p99Milliseconds"]), Ms(op?["maxMilliseconds"]),
                Share(share, "queue"), Share(share, "worker"), Share(share, "commit"), Share(share, "clientRead"));
        }

        Console.Write(table);
        SlowlogCommand.WriteSlow(Console, report["slow"]?.AsArray() ?? [], $"Slow requests ({Number(report, "slowTotal")} of {Text(report, "slowThresholdMilliseconds")} ms or more since the start; newest first)");
        return ExitCodes.Success;
    }

    internal static string Ms(JsonNode? value)
    {
        var milliseconds = value?.GetValue<double>() ?? 0;
        return milliseconds switch
        {
            >= 10 => milliseconds.ToString("N0", CultureInfo.InvariantCulture) + " ms",
            >= 1 => milliseconds.ToString("0.0", CultureInfo.InvariantCulture) + " ms",
            _ => (milliseconds * 1000).ToString("0", CultureInfo.InvariantCulture) + " µs",
        };
    }

    private static string Share(JsonNode? shares, string stage) =>
        ((shares?[stage]?.GetValue<double>() ?? 0) * 100).ToString("0", CultureInfo.InvariantCulture) + " %";
}
