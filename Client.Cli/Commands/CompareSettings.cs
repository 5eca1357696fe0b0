using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;

namespace IocpAdmin.Cli.Commands;

/// <summary>Options of <c>compare</c>: the bench options, plus how to start the two servers.</summary>
internal sealed class CompareSettings : BenchSettings
{
    public CompareSettings() => Clients = "1,5,10,20,100,1000";

    [CommandOption("--server <PATH>")]
    [Description("Server.Web.dll (or the Server.Web executable) to start. Default: the one built beside this CLI.")]
    public string? Server { get; set; }

    [CommandOption("--workers <N>")]
    [Description("Worker threads of the completion-port engine (Engine:Workers). Default: the server's default, the processor count.")]
    public int? Workers { get; set; }

    [CommandOption("--server-option <KEY=VALUE>")]
    [Description("More server configuration for both engines, e.g. --server-option Store:Synchronous=Normal (repeatable).")]
    public string[] ServerOptions { get; set; } = [];

    [CommandOption("--keep")]
    [Description("Keep each server's temp folder (database and logs) instead of deleting it.")]
    public bool Keep { get; set; }

    public override ValidationResult Validate()
    {
        if (Workers is < 1 or > 256)
        {
            return ValidationResult.Error("--workers must be between 1 and 256");
        }

        foreach (var option in ServerOptions)
        {
            if (!option.Contains('=', StringComparison.Ordinal) || option.StartsWith('='))
            {
                return ValidationResult.Error($"--server-option '{option}' must look like Section:Key=value");
            }
        }

        return base.Validate();
    }
}
