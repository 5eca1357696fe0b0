using System.ComponentModel;
using IocpAdmin.Cli.Connection;
using Spectre.Console;
using Spectre.Console.Cli;

namespace IocpAdmin.Cli.Commands;

[Description("List records in id order, after an id (the server sends 1,000 at a time; the CLI pages).")]
internal sealed class ListCommand(IAnsiConsole console) : RecordCommand<ListCommand.Settings>(console)
{
    protected override async Task<int> RunAsync(RecordClient client, Settings settings, CancellationToken cancellationToken)
    {
        var records = await client.ListAsync(settings.After, settings.Take, cancellationToken);
        if (settings.Json)
        {
            WriteJson(records.Select(r => new { id = r.Id, a = r.A, b = r.B }));
            return ExitCodes.Success;
        }

        if (records.Count == 0)
        {
            Console.MarkupLineInterpolated($"No records after id {settings.After}.");
            return ExitCodes.Success;
        }

        var table = new Table().AddColumn(new TableColumn("Id").RightAligned())
            .AddColumn(new TableColumn("A").RightAligned())
            .AddColumn(new TableColumn("B").RightAligned());
        foreach (var (id, a, b) in records)
        {
            table.AddRow(id.ToString(System.Globalization.CultureInfo.InvariantCulture),
                a.ToString(System.Globalization.CultureInfo.InvariantCulture),
                b.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        Console.Write(table);
        Console.WriteLine($"{records.Count} record{(records.Count == 1 ? "" : "s")} after id {settings.After}" +
                          (records.Count == settings.Take ? $"; more with --after {records[^1].Id}" : ""));
        return ExitCodes.Success;
    }

    internal sealed class Settings : ConnectionSettings
    {
        [CommandOption("--after <ID>")]
        [Description("List ids above this one.")]
        [DefaultValue(0ul)]
        public ulong After { get; set; }

        [CommandOption("--take <N>")]
        [Description("How many records at most.")]
        [DefaultValue(100)]
        public int Take { get; set; } = 100;

        public override ValidationResult Validate() =>
            Take is < 1 or > 10_000_000 ? ValidationResult.Error("--take must be between 1 and 10000000") : base.Validate();
    }
}
