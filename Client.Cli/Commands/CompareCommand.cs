using System.ComponentModel;
using System.Text.Json;
using IocpAdmin.Cli.Bench;
using IocpAdmin.Cli.Connection;
using Spectre.Console;
using Spectre.Console.Cli;

namespace IocpAdmin.Cli.Commands;

[Description("Start the server twice (completion port, then thread per client), run the same benchmark matrix against each, and compare.")]
internal sealed class CompareCommand(IAnsiConsole console) : AsyncCommand<CompareSettings>
{
    private static readonly JsonSerializerOptions s_json = new(JsonSerializerDefaults.Web) { WriteIndented = true };
    private static readonly string[] s_engines = ["CompletionPort", "ThreadPerClient"];

    public override async Task<int> ExecuteAsync(CommandContext context, CompareSettings settings, CancellationToken cancellationToken)
    {
        var serverPath = ServerLocator.Find(settings.Server);
        var plans = settings.Plans();
        var measured = new Dictionary<string, List<(BenchResult Result, ServerRunStats Server)>>();
        using var http = new HttpClient();
        foreach (var engine in s_engines)
        {
            if (!settings.Json)
            {
                console.MarkupLineInterpolated($"[bold]{engine}[/]: starting {serverPath}");
            }

            await using var server = await BenchServer.StartAsync(
                serverPath, $"iocpadmin-compare-{Environment.ProcessId}-{engine.ToLowerInvariant()}", ServerSettings(settings, engine), settings.Keep, cancellationToken);
            var runner = new BenchRunner(server.PipeName, settings.ToOptions().ConnectTimeout, TimeSpan.FromSeconds(settings.TimeLimit));
            var repeated = plans.SelectMany(plan => Enumerable.Repeat(plan, settings.Runs)).ToList();
            var runs = await BenchMatrix.RunAsync(
                console,
                runner,
                repeated,
                showProgress: !settings.Json,
                label: $"{engine}: ",
                async plan =>
                {
                    await using var sampler = new ServerSampler(server.Process, http, server.BaseUrl);
                    runner.AtPeak = sampler.SamplePeak;
                    var result = await runner.RunAsync(plan, cancellationToken);
                    return (Result: result, Server: await sampler.StopAsync());
                },
                run => run.Result,
                cancellationToken);
            if (server.Process.HasExited)
            {
                throw new CliException($"the {engine} server exited during the benchmark (exit code {server.Process.ExitCode})");
            }

            measured[engine] = runs.Chunk(settings.Runs)
                .Select(group => group.OrderBy(r => r.Result.TransactionsPerSecond).ElementAt(group.Length / 2))
                .ToList();
        }

        var rows = plans.Select((plan, i) => new CompareRow(
            plan.Clients, measured[s_engines[0]][i].Result, measured[s_engines[0]][i].Server, measured[s_engines[1]][i].Result, measured[s_engines[1]][i].Server)).ToList();
        if (settings.Json)
        {
            System.Console.Out.WriteLine(JsonSerializer.Serialize(new { server = serverPath, op = settings.Op, settings.Transactions, settings.Pipeline, settings.Runs, rows }, s_json));
        }
        else
        {
            var title = $"{settings.Transactions:N0} x {settings.Op.ToLowerInvariant()} per client" +
                (settings.Pipeline > 1 ? $", pipeline {settings.Pipeline}" : "") + (settings.Runs > 1 ? $", median of {settings.Runs} runs" : "");
            console.Write(CompareReport.Throughput(rows, title));
            console.Write(CompareReport.ServerCost(rows));
        }

        var failures = rows.SelectMany(r => BenchReport.Failures([r.CompletionPort]).Select(f => "CompletionPort, " + f)
            .Concat(BenchReport.Failures([r.ThreadPerClient]).Select(f => "ThreadPerClient, " + f))).ToList();
        foreach (var failure in failures)
        {
            System.Console.Error.WriteLine($"error: {failure}");
        }

        return failures.Count == 0 ? ExitCodes.Success : ExitCodes.Failure;
    }

    private static List<string> ServerSettings(CompareSettings settings, string engine)
    {
        var maxClients = settings.ClientCounts().Max() + 16;
        var list = new List<string>
        {
            $"--Engine:Mode={engine}",
            $"--Engine:MaxClients={maxClients}",
            $"--Engine:ListenBacklog={Math.Clamp(maxClients, 1_024, 65_535)}",
        };
        if (settings.Workers is { } workers)
        {
            list.Add($"--Engine:Workers={workers}");
        }

        list.AddRange(settings.ServerOptions.Select(option => "--" + option));
        return list;
    }
}
