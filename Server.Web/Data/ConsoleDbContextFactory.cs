using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace IocpAdmin.Web.Data;

/// <summary>Lets <c>dotnet ef migrations add</c> build the console's model; the running app never uses it.</summary>
internal sealed class ConsoleDbContextFactory : IDesignTimeDbContextFactory<ConsoleDbContext>
{
    public ConsoleDbContext CreateDbContext(string[] args) => new(new DbContextOptionsBuilder<ConsoleDbContext>()
        .UseSqlite("Data Source=design-time.db", sqlite => sqlite.MigrationsHistoryTable(ConsoleDbContext.MigrationsHistoryTable))
        .Options);
}
