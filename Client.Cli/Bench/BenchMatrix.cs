using Spectre.Console;

namespace IocpAdmin.Cli.Bench;

/// <summary>Runs a list of plans one after another, with a live progress bar on a terminal.</summary>
internal static class BenchMatrix
{
    public static Task<List<BenchResult>> RunAsync(
        IAnsiConsole console, BenchRunner runner, IReadOnlyList<BenchPlan> plans, bool showProgress, string label, CancellationToken cancellationToken) =>
        RunAsync(console, runner, plans, showProgress, label, plan => runner.RunAsync(plan, cancellationToken), result => result, cancellationToken);

    /// <summary>Runs each plan through <paramref name="run"/>, which wraps <paramref name="runner"/> (to sample the server around it, say).</summary>
    public static async Task<List<T>> RunAsync<T>(
        IAnsiConsole console,
        BenchRunner runner,
        IReadOnlyList<BenchPlan> plans,
        bool showProgress,
        string label,
        Func<BenchPlan, Task<T>> run,
        Func<T, BenchResult> resultOf,
        CancellationToken cancellationToken)
    {
        var results = new List<T>(plans.Count);
        if (!showProgress)
        {
            foreach (var plan in plans)
            {
                results.Add(await run(plan));
            }

            return results;
        }

        await console.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new SpinnerColumn())
            .StartAsync(async context =>
            {
                foreach (var plan in plans)
                {
                    var name = $"{label}{plan.Clients} x {plan.Describe()}" + (plan.Pipeline > 1 ? $" (pipeline {plan.Pipeline})" : "");
                    var task = context.AddTask(Markup.Escape(name), maxValue: plan.TotalTransactions);
                    var running = run(plan);
                    while (!running.IsCompleted)
                    {
                        await Task.WhenAny(running, Task.Delay(100, cancellationToken));
                        task.Value = runner.Completed;
                        task.Description = Markup.Escape($"{name}: {runner.Stage}");
                    }

                    var outcome = await running;
                    var result = resultOf(outcome);
                    task.Value = result.Completed;
                    task.Description = Markup.Escape($"{name}: {result.TransactionsPerSecond:N0}/s");
                    task.StopTask();
                    results.Add(outcome);
                }
            });
        return results;
    }
}
