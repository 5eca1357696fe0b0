using System.ComponentModel;
using IocpAdmin.Cli.Connection;
using Spectre.Console;
using Spectre.Console.Cli;

namespace IocpAdmin.Cli.Commands.Admin;

[Description("Show one client: who it is, what it is doing (the verdict, with the evidence), its recent history; or how it ended.")]
internal sealed class ClientsShowCommand(IAnsiConsole console) : AdminCommand<ClientsShowCommand.Settings>(console)
{
    internal sealed class Settings : ConsoleSettings
    {
        [CommandArgument(0, "<ID>")]
        [Description("The client's id (the first column of 'clients list').")]
        public long Id { get; set; }

        public override ValidationResult Validate() => Id <= 0 ? ValidationResult.Error("the client id is a positive number") : base.Validate();
    }

    protected override async Task<int> RunAsync(ConsoleApi api, Settings settings, CancellationToken cancellationToken)
    {
        var detail = await api.GetAsync($"api/v1/clients/{settings.Id}", cancellationToken);
        if (settings.Json)
        {
            WriteJson(detail);
            return ExitCodes.Success;
        }

        if (detail["closed"] is { } closed && detail["client"] is null)
        {
            Console.MarkupLine($"Client {settings.Id} [grey](process {Text(closed, "processId")})[/] closed at {Text(closed, "closedAt")}: [bold]{Markup.Escape(Text(closed, "why"))}[/]");
            return ExitCodes.Success;
        }

        var client = detail["client"];
        var grid = new Grid().AddColumn().AddColumn();
        grid.AddRow("[bold]Verdict[/]", $"[bold]{Markup.Escape(Text(client, "verdict"))}[/]");
        grid.AddRow("Process", $"{Text(client, "processId")} {Markup.Escape(Text(client, "executable"))} (user {Markup.Escape(Text(client, "user"))})");
        grid.AddRow("State", $"{Text(client, "state")} for {Seconds(client, "stateSeconds")}");
        grid.AddRow("Connected since", Text(client, "connectedAt"));
        grid.AddRow("Requests", $"{Number(client, "requests")} (last: {Text(client, "lastRequest")})");
        grid.AddRow("Bytes in / out", $"{Number(client, "bytesReceived")} / {Number(client, "bytesSent")}");
        grid.AddRow("Half a frame", client?["partialSeconds"] is null ? "none" : $"{Number(client, "partialBytes")} of {Number(client, "partialFrameSize")} bytes for {Seconds(client, "partialSeconds")}");
        grid.AddRow("Answers not yet read", $"{Number(client, "unsentBytes")} bytes");
        Console.Write(new Panel(grid).Header($"Client {settings.Id}"));

        var history = new Table().Border(TableBorder.Simple).AddColumns("Time (UTC)", "Event", "Detail");
        foreach (var e in (detail["history"]?.AsArray() ?? []).Reverse())
        {
            var at = DateTimeOffset.TryParse(Text(e, "at"), System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var time)
                ? time.UtcDateTime.ToString("HH:mm:ss.fff", System.Globalization.CultureInfo.InvariantCulture) : Text(e, "at");
            var (name, what) = Text(e, "event") switch
            {
                "state" => ("→ " + Text(e, "state"), ""),
                "request" => (Text(e, "request"), $"{Text(e, "bytes")} bytes → {Text(e, "status")}"),
                _ => ("commit", $"{Text(e, "bytes")} writes → {Text(e, "status")}"),
            };
            history.AddRow(at, Markup.Escape(name), Markup.Escape(what));
        }

        Console.Write(history);
        return ExitCodes.Success;
    }
}
