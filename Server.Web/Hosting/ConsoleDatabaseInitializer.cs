using IocpAdmin.Web.Data;
using IocpAdmin.Web.Security;
using Microsoft.EntityFrameworkCore;

namespace IocpAdmin.Web.Hosting;

/// <summary>At start: applies the console's migrations, creates the first admin if there are no users, and loads the live sign-ins.</summary>
internal sealed class ConsoleDatabaseInitializer(IDbContextFactory<ConsoleDbContext> contexts, ConsoleUsers users, SignInSessions sessions) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using (var context = await contexts.CreateDbContextAsync(cancellationToken))
        {
            await context.Database.MigrateAsync(cancellationToken);
        }

        await users.EnsureFirstAdminAsync(cancellationToken);
        await sessions.LoadAsync(cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
