using IocpAdmin.Server.Storage;
using IocpAdmin.Tests.Infrastructure;
using IocpAdmin.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace IocpAdmin.Tests.Storage;

/// <summary>
/// Each project's EF Core migrations live in one folder, where `dotnet ef migrations add` (with the
/// README's --output-dir) puts the next one, and the code's model has no change without its migration.
/// </summary>
public sealed class MigrationsTests
{
    [Theory]
    [InlineData("Server.Core", "RecordsDbContext", "Server.Core/Storage/Migrations")]
    [InlineData("Server.Web", "ConsoleDbContext", "Server.Web/Data/Migrations")]
    public void Migrations_OfEachContext_AreAllInTheOneFolderTheReadmeNames(string project, string context, string folder)
    {
        var marker = $"[DbContext(typeof({context}))]";
        var files = Directory.EnumerateFiles(Path.Combine(BuildOutput.RepoRoot, project), "*.cs", SearchOption.AllDirectories)
            .Where(path => !IsBuildOutput(path) && File.ReadAllText(path).Contains(marker, StringComparison.Ordinal))
            .Select(path => Path.GetRelativePath(BuildOutput.RepoRoot, Path.GetDirectoryName(path)!).Replace('\\', '/'))
            .ToList();

        Assert.Contains(files, _ => true);
        Assert.All(files, directory => Assert.Equal(folder, directory));
    }

    [Fact]
    public void RecordsModel_HasNoChangeWithoutAMigration()
    {
        using var temp = new TempDirectory();
        using var context = new RecordsDbContext(new DbContextOptionsBuilder<RecordsDbContext>()
            .UseSqlite($"Data Source={temp.File("r.db")}").Options);

        Assert.False(context.Database.HasPendingModelChanges(), "the records model changed: add a migration");
    }

    [Fact]
    public void ConsoleModel_HasNoChangeWithoutAMigration()
    {
        using var temp = new TempDirectory();
        using var context = new ConsoleDbContext(new DbContextOptionsBuilder<ConsoleDbContext>()
            .UseSqlite($"Data Source={temp.File("c.db")}", sqlite => sqlite.MigrationsHistoryTable(ConsoleDbContext.MigrationsHistoryTable)).Options);

        Assert.False(context.Database.HasPendingModelChanges(), "the console's model changed: add a migration");
    }

    private static bool IsBuildOutput(string path) =>
        path.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
        || path.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal);
}
