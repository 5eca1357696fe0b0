namespace IocpAdmin.Web.Security;

/// <summary>
/// A token for the HTTP API (the CLI's admin commands): a name, a role, and the SHA-256 of the
/// secret (the secret itself is shown once, when created, and never stored).
/// </summary>
public sealed class ApiToken
{
    public int Id { get; set; }

    /// <summary>Unique among live and revoked tokens: the audit knows a token by it.</summary>
    public string Name { get; set; } = "";

    public string Role { get; set; } = Roles.Operator;

    /// <summary>SHA-256 of the secret, lowercase hex.</summary>
    public string Hash { get; set; } = "";

    /// <summary>The secret's first characters, to tell tokens apart in a list.</summary>
    public string Prefix { get; set; } = "";

    /// <summary>The console user who created it; null when made on the server machine with <c>token create</c>.</summary>
    public string? CreatedBy { get; set; }

    public DateTime CreatedAtUtc { get; set; }

    public DateTime? LastUsedAtUtc { get; set; }

    public long Uses { get; set; }

    public DateTime? RevokedAtUtc { get; set; }

    public string? RevokedBy { get; set; }

    /// <summary>How the audit names a caller using it.</summary>
    public string PrincipalName => $"token:{Name}";
}
