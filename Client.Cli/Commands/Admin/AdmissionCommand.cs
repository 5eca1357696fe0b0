using System.ComponentModel;
using IocpAdmin.Cli.Connection;
using Spectre.Console;
using Spectre.Console.Cli;

namespace IocpAdmin.Cli.Commands.Admin;

[Description("Show or set whether the server takes new clients: ready, drain (serve the connected, refuse new ones), maintenance (drain, then disconnect the rest after 30 s).")]
internal sealed class AdmissionCommand(IAnsiConsole console) : AdminCommand<AdmissionCommand.Settings>(console)
{
    internal sealed class Settings : ConsoleSettings
    {
        [CommandArgument(0, "[MODE]")]
        [Description("ready, drain or maintenance; none to show the mode now.")]
        public string? Mode { get; set; }

        public override ValidationResult Validate() =>
            Mode is not null && Mode.ToLowerInvariant() is not ("ready" or "drain" or "maintenance")
                ? ValidationResult.Error($"the mode is ready, drain or maintenance, not '{Mode}'")
                : base.Validate();
    }

    protected override async Task<int> RunAsync(ConsoleApi api, Settings settings, CancellationToken cancellationToken)
    {
        var result = settings.Mode is null
            ? await api.GetAsync("api/v1/admission", cancellationToken)
            : await api.PutAsync("api/v1/admission", new { mode = settings.Mode.ToLowerInvariant() }, cancellationToken);
        if (settings.Json)
        {
            WriteJson(result);
        }
        else
        {
            System.Console.Out.WriteLine(result["previous"] is { } previous ? $"Admission is {Text(result, "mode")} (was {previous})." : $"Admission is {Text(result, "mode")}.");
        }

        return ExitCodes.Success;
    }
}
