using System.Text.Json;
using IocpAdmin.Cli.Bench;
using IocpAdmin.Cli.Connection;
using Spectre.Console;
using Spectre.Console.Cli;

namespace IocpAdmin.Cli.Commands;

/// <summary>Runs a matrix of benchmark plans against a running server and reports a table or JSON.</summary>
internal abstract class BenchCommandBase<TSettings>(IAnsiConsole console) : AsyncCommand<TSettings>
    where TSettings : BenchSettingsBase
{
    private static readonly JsonSerializerOptions s_json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    protected IAnsiConsole Console { get; } = console;

    public override async Task<int> ExecuteAsync(CommandContext context, TSettings settings, CancellationToken cancellationToken)
    {
        var options = settings.ToOptions();
        var runner = new BenchRunner(options.PipeName, options.ConnectTimeout, TimeSpan.FromSeconds(settings.TimeLimit));
        var plans = Plans(settings).SelectMany(plan => Enumerable.Repeat(plan, settings.Runs)).ToList();
        var runs = await BenchMatrix.RunAsync(Console, runner, plans, showProgress: !settings.Json, label: "", cancellationToken);
        var medians = runs.Chunk(settings.Runs).Select(BenchReport.Median).ToList();
        if (settings.Json)
        {
            System.Console.Out.WriteLine(JsonSerializer.Serialize(new { pipe = options.PipeName, runs, medians }, s_json));
        }
        else
        {
            Console.Write(BenchReport.Results(medians, Title(settings, options.PipeName)));
        }

        var failures = BenchReport.Failures(runs).ToList();
        foreach (var failure in failures)
        {
            System.Console.Error.WriteLine($"error: {failure}");
        }

        return failures.Count == 0 ? ExitCodes.Success : ExitCodes.Failure;
    }

    protected abstract IReadOnlyList<BenchPlan> Plans(TSettings settings);

    protected abstract string Title(TSettings settings, string pipeName);
}
