namespace IocpAdmin.Cli.Completion;

/// <summary>One command as a shell completes it: its words (<c>clients kill</c>), its settings and its argument values.</summary>
internal sealed record CompletionCommand(string Path, Type Settings, string[]? Arguments = null)
{
    public string[] Words { get; } = Path.Split(' ');
}
