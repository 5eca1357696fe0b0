using System.Security.Claims;
using IocpAdmin.Server.Engine;
using IocpAdmin.Web.Dashboard;
using IocpAdmin.Web.Data;
using IocpAdmin.Web.Security;
using IocpAdmin.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace IocpAdmin.Tests.Web;

/// <summary>The console's services over a real record server and a real (migrated) console database.</summary>
public sealed class ConsoleServices : IAsyncDisposable
{
    private readonly ServiceProvider _provider;

    private ConsoleServices(TestServer server, ServiceProvider provider)
    {
        Server = server;
        _provider = provider;
    }

    public TestServer Server { get; }

    public ClientDirectory Directory => _provider.GetRequiredService<ClientDirectory>();

    internal AdminActions Actions => _provider.GetRequiredService<AdminActions>();

    internal AuditLog Audit => _provider.GetRequiredService<AuditLog>();

    public static async Task<ConsoleServices> StartAsync()
    {
        var server = await TestServer.StartAsync();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddConsolePolicies();
        services.AddDbContextFactory<ConsoleDbContext>(options => options.UseSqlite($"Data Source={server.DatabasePath}",
            sqlite => sqlite.MigrationsHistoryTable(ConsoleDbContext.MigrationsHistoryTable)));
        services.AddSingleton(server.Server);
        services.AddSingleton<ClientDirectory>();
        services.AddSingleton<AuditLog>();
        services.AddSingleton<AdminActions>();
        var provider = services.BuildServiceProvider();
        await using (var context = await provider.GetRequiredService<IDbContextFactory<ConsoleDbContext>>().CreateDbContextAsync())
        {
            await context.Database.MigrateAsync();
        }

        return new ConsoleServices(server, provider);
    }

    public static ClaimsPrincipal User(string name, string role) => new(new ClaimsIdentity(
        [new Claim(ClaimTypes.Name, name), new Claim(ClaimTypes.Role, role)], "test", ClaimTypes.Name, ClaimTypes.Role));

    public async ValueTask DisposeAsync()
    {
        await _provider.DisposeAsync();
        await Server.DisposeAsync();
    }
}
