using System.ComponentModel;
using System.Diagnostics;
using System.Text.Json;
using IocpAdmin.Cli.Bench;
using IocpAdmin.Cli.Connection;
using Spectre.Console;
using Spectre.Console.Cli;

namespace IocpAdmin.Cli.Commands;

[Description("Start the server and run the benchmark in rounds for a long time; fail on any error, or if its memory or handles grow after warm-up.")]
internal sealed class SoakCommand(IAnsiConsole console) : AsyncCommand<SoakSettings>
{
    private static readonly JsonSerializerOptions s_json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public override async Task<int> ExecuteAsync(CommandContext context, SoakSettings settings, CancellationToken cancellationToken)
    {
        var serverPath = ServerLocator.Find(settings.Server);
        var duration = settings.DurationValue;
        var warmup = settings.WarmupValue;
        if (!settings.Json)
        {
            console.MarkupLineInterpolated(
                $"[bold]soak[/]: {settings.Clients:N0} clients x {settings.Transactions:N0} {settings.Op} per round, {duration} ({warmup} warm-up), {settings.Engine}; starting {serverPath}");
        }

        using var http = new HttpClient();
        var rounds = new List<SoakRound>();
        await using (var server = await BenchServer.StartAsync(serverPath, $"iocpadmin-soak-{Environment.ProcessId}", ServerSettings(settings), settings.Keep, cancellationToken))
        {
            var runner = new BenchRunner(server.PipeName, settings.ToOptions().ConnectTimeout, duration + TimeSpan.FromMinutes(1)) { SteadyState = true };
            var clock = Stopwatch.StartNew();
            while (clock.Elapsed < duration)
            {
                var startedAt = clock.Elapsed;
                var plan = new BenchPlan(settings.Clients, settings.Transactions, settings.OpKind, settings.Pipeline);
                BenchResult result;
                ServerRunStats peak;
                await using (var sampler = new ServerSampler(server.Process, http, server.BaseUrl))
                {
                    runner.AtPeak = sampler.Sample;
                    result = await runner.RunAsync(plan, cancellationToken);
                    peak = await sampler.StopAsync();
                }

                if (server.Process.HasExited)
                {
                    throw new CliException($"the server exited during round {rounds.Count + 1} (exit code {server.Process.ExitCode})");
                }

                var (resident, handles, threads) = await SettleAsync(server.Process, cancellationToken);
                var round = new SoakRound(rounds.Count + 1, startedAt.TotalSeconds, startedAt < warmup, result, peak, resident, handles, threads);
                rounds.Add(round);
                if (!settings.Json)
                {
                    console.MarkupLine(SoakReport.Line(round));
                }
            }
        }

        var verdict = SoakVerdict.Judge(rounds, settings.MaxMemoryGrowth, settings.MaxHandleGrowth);
        if (settings.Json)
        {
            System.Console.Out.WriteLine(JsonSerializer.Serialize(new { server = serverPath, settings.Clients, settings.Op, settings.Transactions, durationSeconds = duration.TotalSeconds, warmupSeconds = warmup.TotalSeconds, verdict, rounds }, s_json));
        }
        else
        {
            console.Write(SoakReport.Summary(verdict, rounds));
        }

        foreach (var failure in verdict.Failures)
        {
            System.Console.Error.WriteLine($"error: {failure}");
        }

        return verdict.Passed ? ExitCodes.Success : ExitCodes.Failure;
    }

    /// <summary>
    /// The server once the round's clients are gone: waits until its open handles stop changing
    /// (sessions close asynchronously), at most 5 s, then reads memory, handles and threads.
    /// </summary>
    private static async Task<(long Resident, int Handles, int Threads)> SettleAsync(Process server, CancellationToken cancellationToken)
    {
        var previous = -1;
        for (var i = 0; i < 50; i++)
        {
            var handles = ProcessReading.Handles(server);
            if (handles == previous)
            {
                break;
            }

            previous = handles;
            await Task.Delay(100, cancellationToken);
        }

        var reading = ProcessReading.Of(server);
        return (reading.ResidentBytes, ProcessReading.Handles(server), reading.Threads);
    }

    private static List<string> ServerSettings(SoakSettings settings) =>
    [
        $"--Engine:Mode={settings.Engine}",
        $"--Engine:MaxClients={settings.Clients + 16}",
        $"--Engine:ListenBacklog={Math.Clamp(settings.Clients + 16, 1_024, 65_535)}",
        .. settings.ServerOptions.Select(option => "--" + option),
    ];
}
