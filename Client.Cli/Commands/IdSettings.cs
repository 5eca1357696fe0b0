using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;

namespace IocpAdmin.Cli.Commands;

/// <summary>Settings of the commands that name one record.</summary>
internal sealed class IdSettings : ConnectionSettings
{
    [CommandArgument(0, "<ID>")]
    [Description("The record's id (1 or more).")]
    public ulong Id { get; set; }

    public override ValidationResult Validate() =>
        Id == 0 ? ValidationResult.Error("ID must be 1 or more: the server gives ids from 1") : base.Validate();
}
