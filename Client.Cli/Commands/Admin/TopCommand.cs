using System.ComponentModel;
using System.Globalization;
using System.Text.Json.Nodes;
using IocpAdmin.Cli.Connection;
using Spectre.Console;
using Spectre.Console.Cli;

namespace IocpAdmin.Cli.Commands.Admin;

[Description("A live view of the Overview in the terminal: clients, requests/s, completion queue, workers, commits. Ctrl+C ends it.")]
internal sealed class TopCommand(IAnsiConsole console) : AdminCommand<TopCommand.Settings>(console)
{
    internal sealed class Settings : ConsoleSettings
    {
        [CommandOption("--once")]
        [Description("Print the figures once and stop (with --json: for scripts).")]
        public bool Once { get; set; }

        [CommandOption("--interval <SECONDS>")]
        [Description("How often the view refreshes.")]
        [DefaultValue(1.0)]
        public double Interval { get; set; } = 1.0;

        public override ValidationResult Validate() =>
            Interval is < 0.25 or > 3600 ? ValidationResult.Error("--interval must be between 0.25 and 3600 seconds")
            : Json && !Once ? ValidationResult.Error("--json prints one snapshot: add --once")
            : base.Validate();
    }

    protected override async Task<int> RunAsync(ConsoleApi api, Settings settings, CancellationToken cancellationToken)
    {
        if (settings.Once)
        {
            var snapshot = await api.GetAsync("api/v1/overview", cancellationToken);
            if (settings.Json)
            {
                WriteJson(snapshot);
            }
            else
            {
                Console.Write(View(snapshot, settings));
            }

            return ExitCodes.Success;
        }

        if (!Console.Profile.Capabilities.Interactive)
        {
            throw new CliException("top needs a terminal; for a script, use --once (with --json)", ExitCodes.Usage);
        }

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        ConsoleCancelEventHandler onCancel = (_, e) =>
        {
            e.Cancel = true;
            stop.Cancel();
        };
        System.Console.CancelKeyPress += onCancel;
        try
        {
            var first = await api.GetAsync("api/v1/overview", stop.Token);
            await Console.Live(View(first, settings)).AutoClear(false).StartAsync(async live =>
            {
                while (!stop.IsCancellationRequested)
                {
                    try
                    {
                        await Task.Delay(TimeSpan.FromSeconds(settings.Interval), stop.Token);
                        live.UpdateTarget(View(await api.GetAsync("api/v1/overview", stop.Token), settings));
                    }
                    catch (OperationCanceledException) when (stop.IsCancellationRequested)
                    {
                        break;
                    }
                }
            });
        }
        finally
        {
            System.Console.CancelKeyPress -= onCancel;
        }

        return ExitCodes.Success;
    }

    /// <summary>A busy bar of 20 cells and the percentage: red above 90 %.</summary>
    private static string Bar(double percent)
    {
        var cells = (int)Math.Round(Math.Clamp(percent, 0, 100) / 5);
        var color = percent > 90 ? "red" : "blue";
        return string.Create(CultureInfo.InvariantCulture, $"[{color}]{new string('█', cells)}[/][grey]{new string('·', 20 - cells)}[/] {percent,5:0.0} %");
    }

    private static Rows View(JsonNode snapshot, Settings settings)
    {
        var c = CultureInfo.CurrentCulture;
        double D(JsonNode? node, string name) => node?[name] is JsonValue v && v.TryGetValue<double>(out var d) ? d : 0;
        var store = snapshot["store"];
        var byState = snapshot["clientsByState"]?.AsObject().Select(p => $"{p.Key} {p.Value}") ?? [];
        var figures = new Grid().AddColumn().AddColumn(new GridColumn().RightAligned()).AddColumn();
        figures.AddRow("Clients", $"{D(snapshot, "connectedClients").ToString("N0", c)} / {D(snapshot, "maxClients").ToString("N0", c)}", Markup.Escape(string.Join(", ", byState)));
        figures.AddRow("Requests/s", D(snapshot, "requestsPerSecond").ToString("N0", c), $"{D(snapshot, "requestsTotal").ToString("N0", c)} in all");
        figures.AddRow("In / out", $"{D(snapshot, "bytesReceivedPerSecond").ToString("N0", c)} / {D(snapshot, "bytesSentPerSecond").ToString("N0", c)} B/s", "");
        figures.AddRow("Completion queue", D(snapshot, "portQueueDepth").ToString("N0", c),
            $"{D(snapshot, "portActiveWorkers"):N0} of {D(snapshot, "portConcurrency"):N0} workers released");
        figures.AddRow("Commits/s", D(store, "commitsPerSecond").ToString("N0", c),
            string.Create(c, $"{D(store, "averageBatchSize"):0.0} writes each, {D(store, "averageCommitMilliseconds"):0.00} ms avg, {D(store, "maxCommitMilliseconds"):0.00} ms max"));
        figures.AddRow("Records", D(store, "records").ToString("N0", c), D(store, "failedCommits") > 0 ? $"[red]{D(store, "failedCommits"):N0} failed commits[/]" : "");
        figures.AddRow("Refused", D(snapshot, "refusedTotal").ToString("N0", c), $"admission {Markup.Escape(snapshot["admission"]?.ToString() ?? "?")}");
        var latency = snapshot["latency"];
        foreach (var op in (latency?["operations"]?.AsArray() ?? []).OrderByDescending(o => D(o, "count")).Take(3))
        {
            figures.AddRow($"p99 {Markup.Escape(Text(op, "opcode"))}", DoctorCommand.Ms(op?["p99Milliseconds"]),
                $"p50 {DoctorCommand.Ms(op?["p50Milliseconds"])}, mostly {Markup.Escape(Text(op, "dominant"))} (last {D(latency, "windowSeconds"):0} s)");
        }

        var newest = latency?["slow"]?.AsArray().FirstOrDefault();
        figures.AddRow("Slow requests", D(latency, "slowTotal").ToString("N0", c), newest is null ? $"none of {D(latency, "slowThresholdMilliseconds"):N0} ms or more"
            : Markup.Escape($"newest: {Text(newest, "opcode")} {DoctorCommand.Ms(newest["totalMilliseconds"])} from client {Text(newest, "clientId")}, mostly {Text(newest, "dominant")}"));
        if (latency?["findings"]?.AsArray().FirstOrDefault() is { } finding)
        {
            var colour = Text(finding, "severity") is "Critical" ? "red" : Text(finding, "severity") is "Warning" ? "yellow" : "green";
            figures.AddRow("Doctor", $"[{colour}]{Markup.Escape(Text(finding, "severity"))}[/]", Markup.Escape(Text(finding, "title")));
        }

        var workers = new Table().Border(TableBorder.Simple).AddColumns("Worker", "Busy", "Completions/s", "Client");
        foreach (var worker in snapshot["workers"]?.AsArray() ?? [])
        {
            var busy = D(worker, "busyPercent");
            workers.AddRow(new Text(Text(worker, "id")), new Markup(Bar(busy)),
                new Text(D(worker, "completionsPerSecond").ToString("N0", c)), new Text(worker?["currentSessionId"]?.ToString() ?? "idle"));
        }

        var header = $"[bold]{Markup.Escape(snapshot["mode"]?.ToString() ?? "")}[/] {Markup.Escape(snapshot["pipeAddress"]?.ToString() ?? "")} · " +
                     $"{Markup.Escape(snapshot["timestamp"]?.ToString() ?? "")}{(settings.Once ? "" : $" · every {settings.Interval:0.##} s, Ctrl+C ends")}";
        return new Rows(new Markup(header), figures, workers);
    }
}
