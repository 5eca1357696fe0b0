using System.ComponentModel;
using IocpAdmin.Cli.Connection;
using Spectre.Console;
using Spectre.Console.Cli;

namespace IocpAdmin.Cli.Commands;

[Description("Add a record (A, B). Prints the id the server gave it, once it is committed.")]
internal sealed class AddCommand(IAnsiConsole console) : RecordCommand<AddCommand.Settings>(console)
{
    protected override async Task<int> RunAsync(RecordClient client, Settings settings, CancellationToken cancellationToken)
    {
        var id = await client.AddAsync(settings.A, settings.B, cancellationToken);
        if (settings.Json)
        {
            WriteJson(new { id, a = settings.A, b = settings.B });
        }
        else
        {
            Console.MarkupLineInterpolated($"Added record [bold]{id}[/] ({settings.A}, {settings.B})");
        }

        return ExitCodes.Success;
    }

    internal sealed class Settings : ConnectionSettings
    {
        [CommandArgument(0, "<A>")]
        [Description("First 32-bit integer.")]
        public int A { get; set; }

        [CommandArgument(1, "<B>")]
        [Description("Second 32-bit integer.")]
        public int B { get; set; }
    }
}
