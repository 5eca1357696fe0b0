using System.ComponentModel;
using System.Globalization;
using System.Text.Json.Nodes;
using IocpAdmin.Cli.Connection;
using Spectre.Console;
using Spectre.Console.Cli;

namespace IocpAdmin.Cli.Commands.Admin;

[Description("The slow log (like Redis SLOWLOG): requests that took at least Diagnostics:SlowRequestMilliseconds, newest first, with where their time went. --reset empties it (Support token).")]
internal sealed class SlowlogCommand(IAnsiConsole console) : AdminCommand<SlowlogCommand.Settings>(console)
{
    internal sealed class Settings : ConsoleSettings
    {
        [CommandOption("-n|--limit <COUNT>")]
        [Description("Show at most this many entries (default 20).")]
        public int Limit { get; set; } = 20;

        [CommandOption("--reset")]
        [Description("Empty the log (audited; takes a Support token).")]
        public bool Reset { get; set; }

        public override ValidationResult Validate() =>
            Limit is < 1 or > 10_000 ? ValidationResult.Error("--limit is from 1 to 10000") : base.Validate();
    }

    protected override async Task<int> RunAsync(ConsoleApi api, Settings settings, CancellationToken cancellationToken)
    {
        if (settings.Reset)
        {
            await api.DeleteAsync("api/v1/slowlog", cancellationToken);
            Console.MarkupLine("The slow log is empty.");
            return ExitCodes.Success;
        }

        var entries = await api.GetAsync(string.Create(CultureInfo.InvariantCulture, $"api/v1/slowlog?limit={settings.Limit}"), cancellationToken);
        if (settings.Json)
        {
            WriteJson(entries);
            return ExitCodes.Success;
        }

        WriteSlow(Console, entries.AsArray(), "Slow requests, newest first");
        return ExitCodes.Success;
    }

    internal static void WriteSlow(IAnsiConsole console, JsonArray entries, string title)
    {
        if (entries.Count == 0)
        {
            console.MarkupLine("[grey]No slow requests.[/]");
            return;
        }

        var table = new Table().Border(TableBorder.Simple).Title(Markup.Escape(title))
            .AddColumns("Time (UTC)", "Client", "PID", "Opcode", "Total", "Queue", "Worker", "Commit", "Client read", "Mostly");
        foreach (var column in table.Columns.Skip(4).Take(5))
        {
            column.RightAligned();
        }

        foreach (var e in entries)
        {
            var at = DateTimeOffset.TryParse(Text(e, "at"), CultureInfo.InvariantCulture, DateTimeStyles.None, out var time)
                ? time.UtcDateTime.ToString("HH:mm:ss.fff", CultureInfo.InvariantCulture) : Text(e, "at");
            var requests = e?["requests"]?.GetValue<int>() ?? 1;
            table.AddRow(at, Text(e, "clientId"), Text(e, "processId"), Text(e, "opcode") + (requests > 1 ? $" × {requests}" : ""),
                DoctorCommand.Ms(e?["totalMilliseconds"]), DoctorCommand.Ms(e?["queueMilliseconds"]), DoctorCommand.Ms(e?["workerMilliseconds"]),
                DoctorCommand.Ms(e?["commitMilliseconds"]), DoctorCommand.Ms(e?["clientReadMilliseconds"]), Text(e, "dominant"));
        }

        console.Write(table);
    }
}
