using IocpAdmin.Web.Data;
using IocpAdmin.Web.Security;
using Microsoft.EntityFrameworkCore;

namespace IocpAdmin.Web.Hosting;

/// <summary>At start: applies the console's migrations and creates the first admin if there are no users.</summary>
internal sealed class ConsoleDatabaseInitializer(IDbContextFactory<ConsoleDbContext> contexts, ConsoleUsers users) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using (var context = await contexts.CreateDbContextAsync(cancellationToken))
        {
            await context.Database.MigrateAsync(cancellationToken);
        }

        await users.EnsureFirstAdminAsync(cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
