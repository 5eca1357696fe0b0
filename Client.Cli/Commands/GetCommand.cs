using System.ComponentModel;
using IocpAdmin.Cli.Connection;
using Spectre.Console;

namespace IocpAdmin.Cli.Commands;

[Description("Show one record.")]
internal sealed class GetCommand(IAnsiConsole console) : RecordCommand<IdSettings>(console)
{
    protected override async Task<int> RunAsync(RecordClient client, IdSettings settings, CancellationToken cancellationToken)
    {
        var record = await client.GetAsync(settings.Id, cancellationToken)
            ?? throw new CliException($"record {settings.Id} not found", ExitCodes.NotFound);
        if (settings.Json)
        {
            WriteJson(new { id = settings.Id, a = record.A, b = record.B });
        }
        else
        {
            Console.MarkupLineInterpolated($"Record [bold]{settings.Id}[/]: ({record.A}, {record.B})");
        }

        return ExitCodes.Success;
    }
}
