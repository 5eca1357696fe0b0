using IocpAdmin.Web.Security;
using Microsoft.EntityFrameworkCore;

namespace IocpAdmin.Web.Data;

/// <summary>
/// The console's own tables (users, live sign-ins, account lockouts, API tokens, audit) in the records database, with their own migration
/// history, so the engine's schema and the console's evolve independently.
/// </summary>
public sealed class ConsoleDbContext(DbContextOptions<ConsoleDbContext> options) : DbContext(options)
{
    public const string MigrationsHistoryTable = "__ConsoleMigrationsHistory";

    public DbSet<UserAccount> Users => Set<UserAccount>();

    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();

    public DbSet<StoredSignIn> SignIns => Set<StoredSignIn>();

    public DbSet<AccountLockout> Lockouts => Set<AccountLockout>();

    public DbSet<ApiToken> ApiTokens => Set<ApiToken>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        // The users table is configured beside the user type, with the rest of sign-in.
        modelBuilder.ApplyConfiguration(new UserAccountConfiguration());
        modelBuilder.ApplyConfiguration(new StoredSignInConfiguration());
        modelBuilder.Entity<AccountLockout>(lockout =>
        {
            lockout.ToTable("AccountLockouts");
            lockout.HasKey(l => l.UserName);
            lockout.Property(l => l.UserName).HasMaxLength(64);
            lockout.Property(l => l.LastFailureFrom).HasMaxLength(64);
        });
        modelBuilder.Entity<ApiToken>(token =>
        {
            token.ToTable("ApiTokens");
            token.Property(t => t.Name).HasMaxLength(48);
            token.HasIndex(t => t.Name).IsUnique();
            token.Property(t => t.Role).HasMaxLength(16);
            token.Property(t => t.Hash).HasMaxLength(64);
            token.HasIndex(t => t.Hash).IsUnique();
            token.Property(t => t.Prefix).HasMaxLength(16);
            token.Property(t => t.CreatedBy).HasMaxLength(64);
            token.Property(t => t.RevokedBy).HasMaxLength(64);
            token.Ignore(t => t.PrincipalName);
        });
        modelBuilder.Entity<AuditEntry>(entry =>
        {
            entry.ToTable("AuditLog");
            entry.Property(e => e.User).HasMaxLength(64);
            entry.Property(e => e.Action).HasMaxLength(32);
            entry.Property(e => e.Target).HasMaxLength(64);
            entry.Property(e => e.Details).HasMaxLength(512);
            entry.HasIndex(e => e.AtUtc);
        });
    }
}
