using System.ComponentModel;
using IocpAdmin.Cli.Connection;
using IocpAdmin.Protocol;
using Spectre.Console;
using Spectre.Console.Cli;

namespace IocpAdmin.Cli.Commands;

/// <summary>The options every command that talks to the server takes.</summary>
internal class ConnectionSettings : CommandSettings
{
    [CommandOption("-p|--pipe <NAME>")]
    [Description("The server's pipe name. Default: $IOCPADMIN_PIPE, else 'iocpadmin'.")]
    public string? Pipe { get; set; }

    [CommandOption("--connect-timeout <SECONDS>")]
    [Description("How long one connection attempt waits for the server.")]
    [DefaultValue(1.0)]
    public double ConnectTimeout { get; set; } = 1.0;

    [CommandOption("--retries <N>")]
    [Description("Further connection attempts (backoff with jitter) when the server is absent or busy.")]
    [DefaultValue(3)]
    public int Retries { get; set; } = 3;

    [CommandOption("--timeout <SECONDS>")]
    [Description("How long to wait for an answer.")]
    [DefaultValue(30.0)]
    public double Timeout { get; set; } = 30.0;

    [CommandOption("--json")]
    [Description("Print the result as JSON.")]
    public bool Json { get; set; }

    [CommandOption("-v|--verbose")]
    [Description("Say on standard error why a connection attempt failed and when the next one starts.")]
    public bool Verbose { get; set; }

    public ConnectionOptions ToOptions() => new(
        Pipe ?? Environment.GetEnvironmentVariable("IOCPADMIN_PIPE") ?? PipeAddress.DefaultName,
        TimeSpan.FromSeconds(ConnectTimeout),
        Retries,
        TimeSpan.FromSeconds(Timeout),
        Verbose);

    public override ValidationResult Validate()
    {
        if (Pipe is { Length: 0 })
        {
            return ValidationResult.Error("--pipe must not be empty");
        }

        if (ConnectTimeout is <= 0 or > 600)
        {
            return ValidationResult.Error("--connect-timeout must be between 0 and 600 seconds");
        }

        if (Retries is < 0 or > 100)
        {
            return ValidationResult.Error("--retries must be between 0 and 100");
        }

        return Timeout is <= 0 or > 86_400
            ? ValidationResult.Error("--timeout must be between 0 and 86400 seconds")
            : ValidationResult.Success();
    }
}
