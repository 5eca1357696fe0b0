using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Spectre.Console;
using Spectre.Console.Cli;

namespace IocpAdmin.Cli.Commands.Admin;

/// <summary>An admin command: talks to the console's HTTP API with a token, prints text or JSON.</summary>
internal abstract class AdminCommand<TSettings>(IAnsiConsole console) : AsyncCommand<TSettings>
    where TSettings : ConsoleSettings
{
    private static readonly JsonSerializerOptions s_json = new(JsonSerializerDefaults.Web);

    protected IAnsiConsole Console { get; } = console;

    public override async Task<int> ExecuteAsync(CommandContext context, TSettings settings, CancellationToken cancellationToken)
    {
        using var api = new ConsoleApi(settings, CallTimeout(settings));
        return await RunAsync(api, settings, cancellationToken);
    }

    /// <summary>How long one call may take: <c>--timeout</c>, unless the command knows it takes longer.</summary>
    protected virtual TimeSpan CallTimeout(TSettings settings) => TimeSpan.FromSeconds(settings.Timeout);

    protected abstract Task<int> RunAsync(ConsoleApi api, TSettings settings, CancellationToken cancellationToken);

    /// <summary>Machine output goes around the rich console: never wrapped or styled.</summary>
    protected static void WriteJson(JsonNode? node) => System.Console.Out.WriteLine(node?.ToJsonString(s_json) ?? "null");

    protected static string Text(JsonNode? node, string name) => node?[name]?.ToString() ?? "";

    protected static string Number(JsonNode? node, string name) =>
        node?[name] is JsonValue value && value.TryGetValue<double>(out var number) ? number.ToString("N0", CultureInfo.CurrentCulture) : "";

    protected static string Seconds(JsonNode? node, string name) =>
        node?[name] is JsonValue value && value.TryGetValue<double>(out var seconds) ? Duration(TimeSpan.FromSeconds(seconds)) : "";

    protected static string Duration(TimeSpan value) =>
        value < TimeSpan.FromSeconds(1) ? $"{value.TotalMilliseconds:0} ms"
        : value < TimeSpan.FromMinutes(2) ? $"{Math.Floor(value.TotalSeconds):0} s"
        : value < TimeSpan.FromHours(2) ? $"{Math.Floor(value.TotalMinutes):0} min"
        : $"{Math.Floor(value.TotalHours):0} h {value.Minutes} min";
}
