using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace IocpAdmin.Server.Storage;

/// <summary>Lets <c>dotnet ef migrations add</c> build the model; the running server never uses it.</summary>
internal sealed class RecordsDbContextFactory : IDesignTimeDbContextFactory<RecordsDbContext>
{
    public RecordsDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<RecordsDbContext>().UseSqlite("Data Source=design-time.db").Options);
}
