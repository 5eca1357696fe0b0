namespace IocpAdmin.Web.Security;

/// <summary>A console user kept in the database (the first-start admin, or users added later).</summary>
public sealed class UserAccount
{
    public long Id { get; set; }

    public required string Name { get; set; }

    /// <summary>ASP.NET Core Identity's PBKDF2 password hash (format version 3).</summary>
    public required string PasswordHash { get; set; }

    /// <summary><see cref="Roles.Operator"/> or <see cref="Roles.Support"/>.</summary>
    public required string Role { get; set; }

    public DateTime CreatedUtc { get; set; }
}
