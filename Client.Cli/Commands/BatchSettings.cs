using System.ComponentModel;
using IocpAdmin.Cli.Bench;
using Spectre.Console;
using Spectre.Console.Cli;

namespace IocpAdmin.Cli.Commands;

/// <summary>Options of <c>batch</c>: the original experiment's script.</summary>
internal sealed class BatchSettings : BenchSettingsBase
{
    [CommandOption("--sets <N>")]
    [Description("Sets per client; each set adds records, then deletes them.")]
    [DefaultValue(10)]
    public int Sets { get; set; } = 10;

    [CommandOption("--size <N>")]
    [Description("Additions (and then deletions) in each set.")]
    [DefaultValue(1_000)]
    public int Size { get; set; } = 1_000;

    public IReadOnlyList<BenchPlan> Plans() =>
        ClientCounts().Select(clients => BenchPlan.Batch(clients, Sets, Size, Pipeline)).ToList();

    public override ValidationResult Validate()
    {
        if (Sets is < 1 or > 10_000)
        {
            return ValidationResult.Error("--sets must be between 1 and 10000");
        }

        return Size is < 1 or > 1_000_000
            ? ValidationResult.Error("--size must be between 1 and 1000000")
            : base.Validate();
    }
}
