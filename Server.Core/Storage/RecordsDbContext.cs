using Microsoft.EntityFrameworkCore;

namespace IocpAdmin.Server.Storage;

/// <summary>The EF Core model of the record store: its schema comes from the migrations in <c>Storage/Migrations</c>.</summary>
public sealed class RecordsDbContext(DbContextOptions<RecordsDbContext> options) : DbContext(options)
{
    public DbSet<StoredRecord> Records => Set<StoredRecord>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<StoredRecord>(record =>
        {
            record.ToTable("Records");
            record.HasKey(r => r.Id);
            // AUTOINCREMENT makes SQLite remember the highest id ever used (sqlite_sequence), so an
            // id is never handed out twice even after the newest record is deleted (docs/protocol.md, rule 4).
            record.Property(r => r.Id).ValueGeneratedOnAdd().UseAutoincrement();
        });
    }
}
