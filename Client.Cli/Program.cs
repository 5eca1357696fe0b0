using IocpAdmin.Cli;
using IocpAdmin.Cli.Commands;
using Spectre.Console.Cli;

var app = new CommandApp();
app.Configure(config =>
{
    config.SetApplicationName("Client.Cli");
    config.AddCommand<AddCommand>("add").WithExample("add", "3", "4").WithExample("add", "-3", "-4");
    config.AddCommand<GetCommand>("get").WithExample("get", "1");
    config.AddCommand<DeleteCommand>("delete").WithExample("delete", "1");
    config.AddCommand<CountCommand>("count").WithExample("count");
    config.AddCommand<ListCommand>("list").WithExample("list", "--after", "100", "--take", "50");
    config.AddCommand<PingCommand>("ping").WithExample("ping", "--pipe", "iocpadmin", "-n", "10");
    config.SetExceptionHandler(CliErrors.Report);
});

return await app.RunAsync(args);
