using System.ComponentModel;
using System.Text.Json.Nodes;
using IocpAdmin.Cli.Connection;
using Spectre.Console;
using Spectre.Console.Cli;

namespace IocpAdmin.Cli.Commands.Admin;

[Description("List the connected clients (the console's Clients page), with what each is doing.")]
internal sealed class ClientsListCommand(IAnsiConsole console) : AdminCommand<ClientsListCommand.Settings>(console)
{
    internal sealed class Settings : ClientFilterSettings
    {
        [CommandOption("--sort <COLUMN>")]
        [Description("id, state, idle, requests, connected, pid or verdict.")]
        [DefaultValue("id")]
        public string Sort { get; set; } = "id";

        [CommandOption("--desc")]
        [Description("Sort descending.")]
        public bool Descending { get; set; }

        [CommandOption("--take <N>")]
        [Description("At most this many clients (the console gives at most 500 at once).")]
        [DefaultValue(500)]
        public int Take { get; set; } = 500;

        public override ValidationResult Validate() =>
            Take is < 1 or > 500 ? ValidationResult.Error("--take must be between 1 and 500")
            : Sort.ToLowerInvariant() is not ("id" or "state" or "idle" or "requests" or "connected" or "pid" or "verdict")
                ? ValidationResult.Error($"--sort must be id, state, idle, requests, connected, pid or verdict, not '{Sort}'")
                : base.Validate();
    }

    protected override async Task<int> RunAsync(ConsoleApi api, Settings settings, CancellationToken cancellationToken)
    {
        var query = settings.FilterValues().Select(static f => (Key: f.Key == "search" ? "q" : f.Key, f.Value)).ToList();
        query.Add(("sort", settings.Sort));
        query.Add(("pageSize", settings.Take.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        if (settings.Descending)
        {
            query.Add(("desc", "true"));
        }

        var page = await api.GetAsync("api/v1/clients?" + string.Join('&', query.Select(static q => $"{q.Key}={Uri.EscapeDataString(q.Value)}")), cancellationToken);
        var items = page["items"]?.AsArray() ?? [];
        if (settings.Json)
        {
            WriteJson(items);
            return ExitCodes.Success;
        }

        if (items.Count == 0)
        {
            Console.MarkupLine("[grey]No client matches.[/]");
            return ExitCodes.Success;
        }

        var table = new Table().Border(TableBorder.Simple)
            .AddColumns("Id", "PID", "Executable", "State", "Verdict", "Idle", "Requests");
        foreach (var item in items)
        {
            table.AddRow(Text(item, "id"), Text(item, "processId"), Markup.Escape(Text(item, "executable")), Text(item, "state"),
                Markup.Escape(Text(item, "verdict")), Seconds(item, "idleSeconds"), Number(item, "requests"));
        }

        Console.Write(table);
        var total = page["total"]?.GetValue<int>() ?? items.Count;
        Console.MarkupLine(total > items.Count ? $"[grey]{items.Count} of {total} shown (see --take, --filter).[/]" : $"[grey]{total} client{(total == 1 ? "" : "s")}.[/]");
        return ExitCodes.Success;
    }
}
