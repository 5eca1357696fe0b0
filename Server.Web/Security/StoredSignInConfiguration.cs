using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace IocpAdmin.Web.Security;

/// <summary>The table of live sign-ins, in the console's database.</summary>
internal sealed class StoredSignInConfiguration : IEntityTypeConfiguration<StoredSignIn>
{
    public void Configure(EntityTypeBuilder<StoredSignIn> entity)
    {
        entity.ToTable("ConsoleSignIns");
        entity.HasKey(s => s.KeyHash);
        entity.Property(s => s.KeyHash).HasMaxLength(64);
        entity.Property(s => s.UserName).HasMaxLength(64);
        entity.HasIndex(s => s.ExpiresUtc);
    }
}
