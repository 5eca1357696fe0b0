using System.ComponentModel;
using IocpAdmin.Cli.Bench;
using Spectre.Console;

namespace IocpAdmin.Cli.Commands;

[Description("Benchmark a running server: N concurrent clients each run a script of timed transactions.")]
internal sealed class BenchCommand(IAnsiConsole console) : BenchCommandBase<BenchSettings>(console)
{
    protected override IReadOnlyList<BenchPlan> Plans(BenchSettings settings) => settings.Plans();

    protected override string Title(BenchSettings settings, string pipeName) =>
        $"bench on '{pipeName}': {settings.Transactions:N0} x {settings.Op.ToLowerInvariant()} per client" +
        (settings.Runs > 1 ? $", median of {settings.Runs} runs" : "");
}
