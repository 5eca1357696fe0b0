using IocpAdmin.Cli.Connection;
using Spectre.Console.Cli;

namespace IocpAdmin.Cli;

/// <summary>Turns every failure into one line on standard error and an exit code; never a stack trace.</summary>
internal static class CliErrors
{
    public static int Report(Exception exception, ITypeResolver? resolver)
    {
        var (message, code) = exception switch
        {
            CliException cli => (cli.Message, cli.ExitCode),
            CommandParseException or CommandRuntimeException => (exception.Message + " (see --help)", ExitCodes.Usage),
            System.Net.ProtocolViolationException => ("the server broke the protocol: " + exception.Message, ExitCodes.Failure),
            OperationCanceledException => ("cancelled", ExitCodes.Failure),
            _ => ("unexpected failure: " + exception.Message, ExitCodes.Failure),
        };
        // Plain text, unwrapped: scripts and people both read it as one line.
        Console.Error.WriteLine($"error: {message}");
        return code;
    }
}
