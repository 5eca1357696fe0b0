using System.ComponentModel.DataAnnotations;

namespace IocpAdmin.Web.Security;

/// <summary>A console user declared in configuration (<c>Auth:Users:N</c>), with a hashed password.</summary>
public sealed class ConfiguredUser
{
    [Required(AllowEmptyStrings = false)]
    [RegularExpression("^[A-Za-z0-9._@-]{1,64}$", ErrorMessage = "the Name is 1 to 64 letters, digits or . _ @ -")]
    public string Name { get; set; } = string.Empty;

    /// <summary>From <c>dotnet Server.Web.dll hash-password</c>; never the password itself.</summary>
    [Required(AllowEmptyStrings = false)]
    public string PasswordHash { get; set; } = string.Empty;

    [Required(AllowEmptyStrings = false)]
    [RegularExpression("^(Operator|Support)$", ErrorMessage = "the Role is Operator or Support")]
    public string Role { get; set; } = Roles.Operator;
}
