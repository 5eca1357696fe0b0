using System.ComponentModel;
using IocpAdmin.Cli.Connection;
using Spectre.Console;

namespace IocpAdmin.Cli.Commands;

[Description("Delete one record, once the deletion is committed.")]
internal sealed class DeleteCommand(IAnsiConsole console) : RecordCommand<IdSettings>(console)
{
    protected override async Task<int> RunAsync(RecordClient client, IdSettings settings, CancellationToken cancellationToken)
    {
        if (!await client.DeleteAsync(settings.Id, cancellationToken))
        {
            throw new CliException($"record {settings.Id} not found", ExitCodes.NotFound);
        }

        if (settings.Json)
        {
            WriteJson(new { id = settings.Id, deleted = true });
        }
        else
        {
            Console.MarkupLineInterpolated($"Deleted record [bold]{settings.Id}[/]");
        }

        return ExitCodes.Success;
    }
}
