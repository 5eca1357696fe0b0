using System.ComponentModel;
using IocpAdmin.Cli.Bench;
using Spectre.Console;
using Spectre.Console.Cli;

namespace IocpAdmin.Cli.Commands;

/// <summary>Options of <c>bench</c> and <c>compare</c>: the transaction script.</summary>
internal class BenchSettings : BenchSettingsBase
{
    [CommandOption("-n|--transactions <N>")]
    [Description("Transactions (requests) per client.")]
    [DefaultValue(1_000)]
    public int Transactions { get; set; } = 1_000;

    [CommandOption("--op <OP>")]
    [Description("What each transaction does: add, get, delete, mixed (1/2 get, 1/4 add, 1/4 delete) or ping.")]
    [DefaultValue("get")]
    public string Op { get; set; } = "get";

    [CommandOption("--seed <N>")]
    [Description("Records added before a get or mixed run for it to read.")]
    [DefaultValue(1_000)]
    public int Seed { get; set; } = 1_000;

    public BenchOpKind OpKind => Enum.Parse<BenchOpKind>(Op, ignoreCase: true);

    public IReadOnlyList<BenchPlan> Plans() =>
        ClientCounts().Select(clients => new BenchPlan(clients, Transactions, OpKind, Pipeline, Seed)).ToList();

    public override ValidationResult Validate()
    {
        if (!Enum.TryParse<BenchOpKind>(Op, ignoreCase: true, out var op) || op == BenchOpKind.Batch || int.TryParse(Op, out _))
        {
            return ValidationResult.Error($"--op must be add, get, delete, mixed or ping, not '{Op}' (the batch script is the 'batch' command)");
        }

        if (Transactions is < 1 or > 100_000_000)
        {
            return ValidationResult.Error("--transactions must be between 1 and 100000000");
        }

        return Seed is < 1 or > 10_000_000
            ? ValidationResult.Error("--seed must be between 1 and 10000000")
            : base.Validate();
    }
}
