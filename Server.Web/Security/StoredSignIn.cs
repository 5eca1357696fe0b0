namespace IocpAdmin.Web.Security;

/// <summary>
/// A live sign-in as the console database keeps it, so a restart does not sign anybody out. Only
/// the hash of the session id is stored: the id itself lives in the (encrypted) cookie, and a copy
/// of the database cannot be turned into a sign-in.
/// </summary>
public sealed class StoredSignIn
{
    /// <summary>SHA-256 of the session id, as upper-case hex.</summary>
    public required string KeyHash { get; set; }

    public required string UserName { get; set; }

    public DateTime CreatedUtc { get; set; }

    public DateTime ExpiresUtc { get; set; }
}
