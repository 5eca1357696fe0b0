using IocpAdmin.Tests.Infrastructure;
using IocpAdmin.Web.Data;
using IocpAdmin.Web.Security;
using Microsoft.EntityFrameworkCore;

namespace IocpAdmin.Tests.Web;

/// <summary>The console's tables on a real SQLite file: the model and its migrations agree.</summary>
public sealed class ConsoleDatabaseTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task Migrate_FreshDatabase_LeavesNoPendingModelChanges()
    {
        await using var context = NewContext();

        // EF Core 9+ refuses to migrate when the model differs from the last migration's snapshot:
        // a table, column or index changed without a migration, or the users table's configuration
        // (kept beside UserAccount) not applied. The entity's CLR name alone is not compared.
        Assert.False(context.Database.HasPendingModelChanges(), "the model differs from the migrations' snapshot");
        await context.Database.MigrateAsync();

        context.Users.Add(new UserAccount { Name = "alice", PasswordHash = "x", Role = Roles.Support, CreatedUtc = DateTime.UtcNow });
        await context.SaveChangesAsync();
        Assert.Equal(Roles.Support, (await context.Users.SingleAsync(u => u.Name == "ALICE")).Role);
    }

    private ConsoleDbContext NewContext() => new(new DbContextOptionsBuilder<ConsoleDbContext>()
        .UseSqlite($"Data Source={_directory.File("records.db")}",
            sqlite => sqlite.MigrationsHistoryTable(ConsoleDbContext.MigrationsHistoryTable))
        .Options);
}
