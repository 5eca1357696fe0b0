using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;

namespace IocpAdmin.Cli.Commands.Admin;

/// <summary>The options of every admin command: where the console is and the API token to show it.</summary>
internal class ConsoleSettings : CommandSettings
{
    public const string UrlVariable = "IOCPADMIN_URL";
    public const string TokenVariable = "IOCPADMIN_TOKEN";

    [CommandOption("--url <URL>")]
    [Description("The console's address. Default: $IOCPADMIN_URL, else http://127.0.0.1:5000.")]
    public string? Url { get; set; }

    [CommandOption("--token <TOKEN>")]
    [Description("An API token (made in the console's Tokens page, or with 'Server.Web token create'). Default: $IOCPADMIN_TOKEN.")]
    public string? Token { get; set; }

    [CommandOption("--timeout <SECONDS>")]
    [Description("How long to wait for the console's answer.")]
    [DefaultValue(60.0)]
    public double Timeout { get; set; } = 60.0;

    [CommandOption("--json")]
    [Description("Print the result as JSON.")]
    public bool Json { get; set; }

    public Uri BaseAddress => new((Url ?? Environment.GetEnvironmentVariable(UrlVariable) ?? "http://127.0.0.1:5000").TrimEnd('/') + "/");

    public string? TokenValue => Token ?? Environment.GetEnvironmentVariable(TokenVariable);

    public override ValidationResult Validate()
    {
        var url = Url ?? Environment.GetEnvironmentVariable(UrlVariable);
        if (url is not null && (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")))
        {
            return ValidationResult.Error($"--url must be an http:// or https:// address, not '{url}'");
        }

        if (string.IsNullOrWhiteSpace(TokenValue))
        {
            return ValidationResult.Error($"an API token is needed: --token or ${TokenVariable} (make one in the console's Tokens page)");
        }

        return Timeout is <= 0 or > 3600 ? ValidationResult.Error("--timeout must be between 0 and 3600 seconds") : ValidationResult.Success();
    }
}
