using System.ComponentModel;
using IocpAdmin.Cli.Bench;
using Spectre.Console;

namespace IocpAdmin.Cli.Commands;

[Description("The original batch script against a running server: per client, sets of additions each followed by their deletions.")]
internal sealed class BatchCommand(IAnsiConsole console) : BenchCommandBase<BatchSettings>(console)
{
    protected override IReadOnlyList<BenchPlan> Plans(BatchSettings settings) => settings.Plans();

    protected override string Title(BatchSettings settings, string pipeName) =>
        $"batch on '{pipeName}': {settings.Sets} sets of {settings.Size:N0} additions then deletions per client" +
        (settings.Runs > 1 ? $", median of {settings.Runs} runs" : "");
}
