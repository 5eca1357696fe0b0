using System.ComponentModel;
using System.Globalization;
using IocpAdmin.Cli.Bench;
using Spectre.Console;
using Spectre.Console.Cli;

namespace IocpAdmin.Cli.Commands;

/// <summary>Options of <c>soak</c>: the load, how long, and what counts as growth.</summary>
internal sealed class SoakSettings : ConnectionSettings
{
    [CommandOption("-c|--clients <N>")]
    [Description("Concurrent clients in every round.")]
    [DefaultValue(1_000)]
    public int Clients { get; set; } = 1_000;

    [CommandOption("--duration <TIME>")]
    [Description("How long to soak: seconds, or with a unit (90s, 10m, 2h).")]
    [DefaultValue("10m")]
    public string Duration { get; set; } = "10m";

    [CommandOption("--warmup <TIME>")]
    [Description("Rounds before this are warm-up: growth is measured from the first settled reading after it. Default: a third of the duration, at most 2m.")]
    public string? Warmup { get; set; }

    [CommandOption("-n|--transactions <N>")]
    [Description("Transactions per client per round; each round reconnects every client.")]
    [DefaultValue(200)]
    public int Transactions { get; set; } = 200;

    [CommandOption("--op <OP>")]
    [Description("The script: mixed (1/2 get, 1/4 add, 1/4 delete), get, add, delete or ping. Each round deletes what it added.")]
    [DefaultValue("mixed")]
    public string Op { get; set; } = "mixed";

    [CommandOption("--pipeline <DEPTH>")]
    [Description("Requests each client keeps in flight.")]
    [DefaultValue(1)]
    public int Pipeline { get; set; } = 1;

    [CommandOption("--engine <ENGINE>")]
    [Description("CompletionPort or ThreadPerClient.")]
    [DefaultValue("CompletionPort")]
    public string Engine { get; set; } = "CompletionPort";

    [CommandOption("--max-memory-growth <PERCENT>")]
    [Description("Fail if the server's settled resident memory grows by more than this after warm-up (with an 8 MB floor for GC noise).")]
    [DefaultValue(10.0)]
    public double MaxMemoryGrowth { get; set; } = 10.0;

    [CommandOption("--max-handle-growth <N>")]
    [Description("Fail if the server holds more than this many more open handles (file descriptors) after a round than after warm-up.")]
    [DefaultValue(4)]
    public int MaxHandleGrowth { get; set; } = 4;

    [CommandOption("--server <PATH>")]
    [Description("Server.Web.dll (or the Server.Web executable) to start. Default: the one built beside this CLI.")]
    public string? Server { get; set; }

    [CommandOption("--server-option <KEY=VALUE>")]
    [Description("More server configuration, e.g. --server-option Store:Synchronous=Normal (repeatable).")]
    public string[] ServerOptions { get; set; } = [];

    [CommandOption("--keep")]
    [Description("Keep the server's temp folder (database) instead of deleting it.")]
    public bool Keep { get; set; }

    public TimeSpan DurationValue => ParseTime(Duration)!.Value;

    public TimeSpan WarmupValue => Warmup is null
        ? TimeSpan.FromTicks(Math.Min(DurationValue.Ticks / 3, TimeSpan.FromMinutes(2).Ticks))
        : ParseTime(Warmup)!.Value;

    public BenchOpKind OpKind => Enum.Parse<BenchOpKind>(Op, ignoreCase: true);

    public override ValidationResult Validate()
    {
        if (Clients is < 1 or > BenchSettingsBase.MaxClientsPerRun)
        {
            return ValidationResult.Error($"--clients must be between 1 and {BenchSettingsBase.MaxClientsPerRun:N0}");
        }

        if (ParseTime(Duration) is not { } duration || duration < TimeSpan.FromSeconds(5) || duration > TimeSpan.FromDays(7))
        {
            return ValidationResult.Error($"--duration must be a time between 5s and 7d (e.g. 600, 90s, 10m, 2h), not '{Duration}'");
        }

        if (Warmup is not null && (ParseTime(Warmup) is not { } warmup || warmup >= duration))
        {
            return ValidationResult.Error($"--warmup must be a time shorter than --duration, not '{Warmup}'");
        }

        if (!Enum.TryParse<BenchOpKind>(Op, ignoreCase: true, out var op) || op == BenchOpKind.Batch || int.TryParse(Op, out _))
        {
            return ValidationResult.Error($"--op must be mixed, get, add, delete or ping, not '{Op}'");
        }

        if (Engine is not ("CompletionPort" or "ThreadPerClient"))
        {
            return ValidationResult.Error($"--engine must be CompletionPort or ThreadPerClient, not '{Engine}'");
        }

        if (Transactions is < 1 or > 10_000_000 || Pipeline is < 1 or > 4_096)
        {
            return ValidationResult.Error("--transactions must be between 1 and 10000000, --pipeline between 1 and 4096");
        }

        if (MaxMemoryGrowth is <= 0 or > 1_000 || MaxHandleGrowth is < 0 or > 1_000_000)
        {
            return ValidationResult.Error("--max-memory-growth must be a percentage above 0, --max-handle-growth 0 or more");
        }

        return ServerOptions.FirstOrDefault(o => !o.Contains('=', StringComparison.Ordinal) || o.StartsWith('=')) is { } bad
            ? ValidationResult.Error($"--server-option '{bad}' must look like Section:Key=value")
            : base.Validate();
    }

    /// <summary>"600", "600s", "10m", "2h" (invariant culture); null if it is none of these.</summary>
    internal static TimeSpan? ParseTime(string text)
    {
        text = text.Trim();
        var unit = text.Length > 0 && char.IsLetter(text[^1]) ? char.ToLowerInvariant(text[^1]) : 's';
        var number = char.IsLetter(text.Length > 0 ? text[^1] : '0') ? text[..^1] : text;
        if (!double.TryParse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value) || value < 0)
        {
            return null;
        }

        return unit switch
        {
            's' => TimeSpan.FromSeconds(value),
            'm' => TimeSpan.FromMinutes(value),
            'h' => TimeSpan.FromHours(value),
            'd' => TimeSpan.FromDays(value),
            _ => null,
        };
    }
}
