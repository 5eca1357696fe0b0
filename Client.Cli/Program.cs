using IocpAdmin.Cli;
using IocpAdmin.Cli.Commands.Admin;
using IocpAdmin.Cli.Commands;
using IocpAdmin.Cli.Completion;
using Spectre.Console;
using Spectre.Console.Cli;

if (args.Length > 0 && args[0] == Completer.Verb)
{
    // A shell asking what may come next: answered before the parser, which would refuse half-typed options.
    foreach (var candidate in Completer.Complete(args[1..]))
    {
        Console.Out.WriteLine(candidate);
    }

    return 0;
}

if (Console.IsOutputRedirected)
{
    // Tables written to a file or a pipe are read later, whole: do not wrap them at 80 columns.
    AnsiConsole.Profile.Width = 160;
}

var app = new CommandApp();
app.Configure(config =>
{
    // Installed as a .NET tool it is `iocpadmin`; run from a build, Client.Cli.
    config.SetApplicationName(ShellCompletionCommand.ApplicationName);
    config.AddCommand<AddCommand>("add").WithExample("add", "3", "4").WithExample("add", "-3", "-4");
    config.AddCommand<GetCommand>("get").WithExample("get", "1");
    config.AddCommand<DeleteCommand>("delete").WithExample("delete", "1");
    config.AddCommand<CountCommand>("count").WithExample("count");
    config.AddCommand<ListCommand>("list").WithExample("list", "--after", "100", "--take", "50");
    config.AddCommand<PingCommand>("ping").WithExample("ping", "--pipe", "iocpadmin", "-n", "10");
    config.AddCommand<BenchCommand>("bench")
        .WithExample("bench", "--clients", "1,5,10,20", "--op", "get")
        .WithExample("bench", "--clients", "20", "--op", "get", "--pipeline", "16", "-n", "100000");
    config.AddCommand<BatchCommand>("batch").WithExample("batch", "--clients", "1,5,10,20");
    config.AddCommand<CompareCommand>("compare")
        .WithExample("compare")
        .WithExample("compare", "--clients", "1000", "--op", "get", "--runs", "3");
    config.AddCommand<SoakCommand>("soak")
        .WithExample("soak")
        .WithExample("soak", "--clients", "1000", "--duration", "60s", "--warmup", "20s");
    // Admin commands: the console's HTTP API with a token, not the pipe.
    config.AddBranch("clients", clients =>
    {
        clients.SetDescription("Support's view of the connected clients, through the console (--url, --token).");
        clients.AddCommand<ClientsListCommand>("list")
            .WithExample("clients", "list", "--filter", "verdict=half-frame")
            .WithExample("clients", "list", "--json");
        clients.AddCommand<ClientsShowCommand>("show").WithExample("clients", "show", "42");
        clients.AddCommand<ClientsKillCommand>("kill")
            .WithExample("clients", "kill", "42", "--reason", "stuck since the deploy")
            .WithExample("clients", "kill", "--filter", "verdict=not-reading", "--reason", "not reading", "--quarantine", "10m", "--rate", "5");
    });
    config.AddCommand<TopCommand>("top").WithExample("top").WithExample("top", "--once", "--json");
    config.AddCommand<DoctorCommand>("doctor").WithExample("doctor").WithExample("doctor", "--json");
    config.AddCommand<SlowlogCommand>("slowlog").WithExample("slowlog", "-n", "50").WithExample("slowlog", "--reset");
    config.AddCommand<SupportBundleCommand>("support-bundle").WithExample("support-bundle", "-o", "bundle.zip");
    config.AddCommand<ShellCompletionCommand>("completion").WithExample("completion", "bash").WithExample("completion", "zsh").WithExample("completion", "powershell");
    config.AddCommand<AdmissionCommand>("admission").WithExample("admission").WithExample("admission", "drain");
    config.SetExceptionHandler(CliErrors.Report);
});

return await app.RunAsync(args);
