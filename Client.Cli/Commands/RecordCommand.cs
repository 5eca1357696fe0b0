using System.Text.Json;
using IocpAdmin.Cli.Connection;
using Spectre.Console;
using Spectre.Console.Cli;

namespace IocpAdmin.Cli.Commands;

/// <summary>A command that opens one connection to the server, runs, and reports in text or JSON.</summary>
internal abstract class RecordCommand<TSettings> : AsyncCommand<TSettings>
    where TSettings : ConnectionSettings
{
    protected static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);

    protected RecordCommand(IAnsiConsole console) => Console = console;

    protected IAnsiConsole Console { get; }

    public override async Task<int> ExecuteAsync(CommandContext context, TSettings settings, CancellationToken cancellationToken)
    {
        await using var client = new RecordClient(settings.ToOptions());
        return await RunAsync(client, settings, cancellationToken);
    }

    protected abstract Task<int> RunAsync(RecordClient client, TSettings settings, CancellationToken cancellationToken);

    /// <summary>Machine output goes around the rich console: it must never be wrapped or styled.</summary>
    protected static void WriteJson<T>(T value) => System.Console.Out.WriteLine(JsonSerializer.Serialize(value, JsonOptions));
}
