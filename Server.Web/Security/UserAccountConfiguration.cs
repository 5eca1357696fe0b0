using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace IocpAdmin.Web.Security;

/// <summary>
/// The users table (<c>ConsoleUsers</c>). Names compare without case, as sign-in does, so "Admin"
/// and "admin" cannot be two users.
/// </summary>
internal sealed class UserAccountConfiguration : IEntityTypeConfiguration<UserAccount>
{
    public void Configure(EntityTypeBuilder<UserAccount> user)
    {
        user.ToTable("ConsoleUsers");
        user.Property(u => u.Name).HasMaxLength(64).UseCollation("NOCASE");
        user.HasIndex(u => u.Name).IsUnique();
        user.Property(u => u.Role).HasMaxLength(16);
    }
}
