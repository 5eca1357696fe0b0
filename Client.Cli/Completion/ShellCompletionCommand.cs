using System.ComponentModel;
using IocpAdmin.Cli.Connection;
using Spectre.Console;
using Spectre.Console.Cli;

namespace IocpAdmin.Cli.Completion;

[Description("Print the shell completion script for bash, zsh or PowerShell: commands, options and their values complete with Tab. bash: source <(iocpadmin completion bash).")]
internal sealed class ShellCompletionCommand : Command<ShellCompletionCommand.Settings>
{
    internal sealed class Settings : CommandSettings
    {
        [CommandArgument(0, "<SHELL>")]
        [Description("bash, zsh or powershell.")]
        public string Shell { get; set; } = "";

        public override ValidationResult Validate() => Shell is "bash" or "zsh" or "powershell"
            ? ValidationResult.Success()
            : ValidationResult.Error($"the shell is bash, zsh or powershell, not '{Shell}'");
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        Console.Out.Write(CompletionScripts.For(settings.Shell, ApplicationName));
        return ExitCodes.Success;
    }

    /// <summary>What the shell calls: <c>iocpadmin</c> installed as a tool, else the program's own name.</summary>
    public static string ApplicationName =>
        Path.GetFileNameWithoutExtension(Environment.ProcessPath ?? "") is "iocpadmin" ? "iocpadmin" : "Client.Cli";
}
