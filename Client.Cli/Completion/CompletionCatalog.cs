using IocpAdmin.Cli.Commands;
using IocpAdmin.Cli.Commands.Admin;

namespace IocpAdmin.Cli.Completion;

/// <summary>
/// The commands a shell completes, with their settings types (their options are read from the
/// <c>[CommandOption]</c> attributes, so they cannot drift from what the parser accepts), and the
/// values worth offering where an argument or option takes one of a few. A test checks this list
/// against the commands <c>--help</c> shows.
/// </summary>
internal static class CompletionCatalog
{
    public static IReadOnlyList<CompletionCommand> Commands { get; } =
    [
        new("add", typeof(AddCommand.Settings)),
        new("get", typeof(IdSettings)),
        new("delete", typeof(IdSettings)),
        new("count", typeof(ConnectionSettings)),
        new("list", typeof(ListCommand.Settings)),
        new("ping", typeof(PingCommand.Settings)),
        new("bench", typeof(BenchSettings)),
        new("batch", typeof(BatchSettings)),
        new("compare", typeof(CompareSettings)),
        new("soak", typeof(SoakSettings)),
        new("clients list", typeof(ClientsListCommand.Settings)),
        new("clients show", typeof(ClientsShowCommand.Settings)),
        new("clients kill", typeof(ClientsKillCommand.Settings)),
        new("top", typeof(TopCommand.Settings)),
        new("doctor", typeof(ConsoleSettings)),
        new("slowlog", typeof(SlowlogCommand.Settings)),
        new("support-bundle", typeof(SupportBundleCommand.Settings)),
        new("admission", typeof(AdmissionCommand.Settings), Arguments: ["ready", "drain", "maintenance"]),
        new("completion", typeof(ShellCompletionCommand.Settings), Arguments: ["bash", "zsh", "powershell"]),
    ];

    /// <summary>Values of options that take one of a few, by long name.</summary>
    public static IReadOnlyDictionary<string, string[]> OptionValues { get; } = new Dictionary<string, string[]>(StringComparer.Ordinal)
    {
        ["--op"] = ["add", "get", "delete", "mixed", "ping"],
        ["--quarantine-scope"] = ["process", "user"],
        ["--filter"] = ["verdict=half-frame", "verdict=not-reading", "verdict=waiting-for-commit", "verdict=idle", "verdict=active",
            "state=WaitingForData", "state=Receiving", "state=Sending", "state=Storing", "idle=", "pid=", "search="],
        ["--sort"] = ["id", "state", "idle", "requests", "connected", "pid", "verdict"],
    };
}
