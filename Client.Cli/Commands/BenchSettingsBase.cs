using System.ComponentModel;
using System.Globalization;
using Spectre.Console;
using Spectre.Console.Cli;

namespace IocpAdmin.Cli.Commands;

/// <summary>The options every benchmark mode takes: the client counts, pipelining, repetition, a time bound.</summary>
internal abstract class BenchSettingsBase : ConnectionSettings
{
    public const int MaxClientsPerRun = 100_000;

    [CommandOption("-c|--clients <LIST>")]
    [Description("Comma-separated numbers of concurrent clients, one run each, e.g. 1,5,10,20,100,1000,10000.")]
    public string Clients { get; set; } = "1,5,10,20";

    [CommandOption("--pipeline <DEPTH>")]
    [Description("Requests each client keeps in flight (1: wait for each answer before the next request).")]
    [DefaultValue(1)]
    public int Pipeline { get; set; } = 1;

    [CommandOption("--runs <N>")]
    [Description("Runs of each client count; the table shows the run with the median throughput.")]
    [DefaultValue(1)]
    public int Runs { get; set; } = 1;

    [CommandOption("--time-limit <SECONDS>")]
    [Description("A run still going after this long is stopped and reported as incomplete.")]
    [DefaultValue(600.0)]
    public double TimeLimit { get; set; } = 600.0;

    public IReadOnlyList<int> ClientCounts() =>
        Clients.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(c => int.Parse(c, NumberStyles.AllowThousands, CultureInfo.InvariantCulture))
            .ToList();

    public override ValidationResult Validate()
    {
        var parts = Clients.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length == 0)
        {
            return ValidationResult.Error("--clients needs at least one number, e.g. --clients 1,5,10,20");
        }

        foreach (var part in parts)
        {
            if (!int.TryParse(part, NumberStyles.AllowThousands, CultureInfo.InvariantCulture, out var count) || count is < 1 or > MaxClientsPerRun)
            {
                return ValidationResult.Error($"--clients: '{part}' is not a number of clients between 1 and {MaxClientsPerRun:N0}");
            }
        }

        if (Pipeline is < 1 or > 4_096)
        {
            return ValidationResult.Error("--pipeline must be between 1 and 4096");
        }

        if (Runs is < 1 or > 100)
        {
            return ValidationResult.Error("--runs must be between 1 and 100");
        }

        return TimeLimit is <= 0 or > 86_400
            ? ValidationResult.Error("--time-limit must be between 0 and 86400 seconds")
            : base.Validate();
    }
}
