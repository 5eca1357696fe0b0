using System.ComponentModel;
using System.Globalization;
using System.Text.Json.Nodes;
using IocpAdmin.Cli.Connection;
using Spectre.Console;
using Spectre.Console.Cli;

namespace IocpAdmin.Cli.Commands.Admin;

[Description("Disconnect clients with a reason they are told: by id, or every client a filter selects now (previewed first, then exactly those ids).")]
internal sealed class ClientsKillCommand(IAnsiConsole console) : AdminCommand<ClientsKillCommand.Settings>(console)
{
    internal sealed class Settings : ClientFilterSettings
    {
        [CommandArgument(0, "[IDS]")]
        [Description("The clients' ids.")]
        public long[] Ids { get; set; } = [];

        [CommandOption("--all")]
        [Description("Every connected client (asks for the count, or take --yes).")]
        public bool All { get; set; }

        [CommandOption("-r|--reason <TEXT>")]
        [Description("Why: one line, at most 200 characters. Each client gets BUSY 'disconnected by NAME: TEXT' before its pipe closes (graceful).")]
        public string? Reason { get; set; }

        [CommandOption("--graceful")]
        [Description("Answer what each client already sent, tell it the reason, then close (the default).")]
        public bool Graceful { get; set; }

        [CommandOption("--now")]
        [Description("Close at once: no answers, no reason.")]
        public bool Now { get; set; }

        [CommandOption("--quarantine <DURATION>")]
        [Description("Also keep their processes out for this long (30s, 10m, 2h, 1d; at most 7d): a new connection gets BUSY until then.")]
        public string? Quarantine { get; set; }

        [CommandOption("--quarantine-scope <SCOPE>")]
        [Description("process (the default) or user (every process of the same OS user).")]
        [DefaultValue("process")]
        public string QuarantineKind { get; set; } = "process";

        [CommandOption("--rate <N>")]
        [Description("At most N clients per second, so a fleet does not reconnect all at once.")]
        public double? Rate { get; set; }

        [CommandOption("--dry-run")]
        [Description("Say which clients would be disconnected, and do nothing.")]
        public bool DryRun { get; set; }

        [CommandOption("-y|--yes")]
        [Description("Do not ask before disconnecting every client (--all).")]
        public bool Yes { get; set; }

        public TimeSpan? QuarantineFor => Quarantine is null ? null : IocpAdmin.Cli.Commands.SoakSettings.ParseTime(Quarantine);

        public override ValidationResult Validate()
        {
            var ways = (Ids.Length > 0 ? 1 : 0) + (Filters.Length > 0 ? 1 : 0) + (All ? 1 : 0);
            if (ways != 1)
            {
                return ValidationResult.Error("name the clients one way: IDS, --filter KEY=VALUE, or --all");
            }

            if (Ids.Any(static id => id <= 0))
            {
                return ValidationResult.Error("client ids are positive numbers");
            }

            if (string.IsNullOrWhiteSpace(Reason))
            {
                return ValidationResult.Error("give a --reason: the clients are told it, and the audit keeps it");
            }

            if (Graceful && Now)
            {
                return ValidationResult.Error("--graceful or --now, not both");
            }

            if (Quarantine is not null && (QuarantineFor is not { } length || length < TimeSpan.FromSeconds(1) || length > TimeSpan.FromDays(7)))
            {
                return ValidationResult.Error($"--quarantine must be a time from 1s to 7d (30s, 10m, 2h, 1d), not '{Quarantine}'");
            }

            if (QuarantineKind.ToLowerInvariant() is not ("process" or "user"))
            {
                return ValidationResult.Error($"--quarantine-scope is process or user, not '{QuarantineKind}'");
            }

            return Rate is { } rate && !(rate >= 0.1 && rate <= 10_000) ? ValidationResult.Error("--rate must be between 0.1 and 10000 clients per second") : base.Validate();
        }
    }

    /// <summary>A paced disconnect is waited for: the console allows at most 10 minutes of it, so wait that long and a little more.</summary>
    protected override TimeSpan CallTimeout(Settings settings) =>
        settings.Rate is null ? base.CallTimeout(settings) : TimeSpan.FromSeconds(Math.Max(settings.Timeout, 660));

    protected override async Task<int> RunAsync(ConsoleApi api, Settings settings, CancellationToken cancellationToken)
    {
        var ids = settings.Ids.ToList();
        if (ids.Count == 0)
        {
            // Preview: the filter is resolved to ids now, and the action acts on exactly those.
            var filter = settings.FilterValues();
            var preview = await api.PostAsync("api/v1/clients/disconnect", new
            {
                filter = new
                {
                    state = filter.GetValueOrDefault("state"),
                    verdict = filter.GetValueOrDefault("verdict"),
                    search = filter.GetValueOrDefault("search"),
                    idleAtLeastSeconds = filter.TryGetValue("idle", out var idle) ? int.Parse(idle, CultureInfo.InvariantCulture) : (int?)null,
                    processId = filter.TryGetValue("pid", out var pid) ? int.Parse(pid, CultureInfo.InvariantCulture) : (int?)null,
                },
                reason = settings.Reason,
                dryRun = true,
            }, cancellationToken);
            ids = preview["ids"]?.AsArray().Select(static n => n!.GetValue<long>()).ToList() ?? [];
            if (ids.Count == 0)
            {
                return Report(settings, preview, "No client matches: nothing to disconnect.");
            }

            if (settings.All && !settings.DryRun && !settings.Yes)
            {
                if (!Console.Profile.Capabilities.Interactive)
                {
                    throw new CliException($"--all selects every connected client ({ids.Count} now): add --yes to confirm", ExitCodes.Usage);
                }

                var typed = Console.Prompt(new TextPrompt<string>($"Disconnect every connected client? Type [bold]{ids.Count}[/] to confirm:").AllowEmpty());
                if (typed.Trim() != ids.Count.ToString(CultureInfo.InvariantCulture))
                {
                    throw new CliException("not confirmed: nothing was done", ExitCodes.Failure);
                }
            }
        }

        var result = await api.PostAsync("api/v1/clients/disconnect", new
        {
            ids,
            reason = settings.Reason,
            mode = settings.Now ? "now" : "graceful",
            quarantine = settings.QuarantineFor is null ? null : settings.QuarantineKind.ToLowerInvariant(),
            quarantineSeconds = settings.QuarantineFor?.TotalSeconds,
            perSecond = settings.Rate,
            dryRun = settings.DryRun,
        }, cancellationToken);
        var stillOpen = result["stillOpen"]?.AsArray().Count ?? 0;
        var summary = Capitalized(Text(result, "summary")) + (settings.DryRun && result["ids"]?.AsArray() is { Count: > 0 } would
            ? ": " + string.Join(", ", would.Select(static n => n!.ToString())) + "."
            : ".");
        Report(settings, result, summary);
        foreach (var q in result["quarantines"]?.AsArray() ?? [])
        {
            if (!settings.Json)
            {
                System.Console.Out.WriteLine($"Quarantined {Text(q, "target")} until {Text(q, "until")}.");
            }
        }

        return stillOpen > 0 ? ExitCodes.Failure : ExitCodes.Success;
    }

    private static int Report(Settings settings, JsonNode result, string text)
    {
        if (settings.Json)
        {
            WriteJson(result);
        }
        else
        {
            System.Console.Out.WriteLine(text);
        }

        return ExitCodes.Success;
    }

    private static string Capitalized(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];
}
