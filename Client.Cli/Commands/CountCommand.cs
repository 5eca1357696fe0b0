using System.ComponentModel;
using IocpAdmin.Cli.Connection;
using Spectre.Console;

namespace IocpAdmin.Cli.Commands;

[Description("Print how many records the server holds.")]
internal sealed class CountCommand(IAnsiConsole console) : RecordCommand<ConnectionSettings>(console)
{
    protected override async Task<int> RunAsync(RecordClient client, ConnectionSettings settings, CancellationToken cancellationToken)
    {
        var count = await client.CountAsync(cancellationToken);
        if (settings.Json)
        {
            WriteJson(new { count });
        }
        else
        {
            System.Console.Out.WriteLine(count.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        return ExitCodes.Success;
    }
}
