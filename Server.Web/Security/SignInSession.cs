namespace IocpAdmin.Web.Security;

/// <summary>
/// One sign-in, kept on the server: the cookie names it (<see cref="ConsolePrincipal.SessionIdClaim"/>)
/// and is honoured only while it is live, so signing out ends it for every tab and connection.
/// </summary>
/// <param name="keyHash">The hash of its id (<see cref="StoredSignIn.KeyHash"/>): how it is found and stored.</param>
internal sealed class SignInSession(string keyHash, string userName, DateTimeOffset expiresUtc)
{
    private long _expiresUtcTicks = expiresUtc.UtcTicks;

    public string KeyHash { get; } = keyHash;

    public string UserName { get; } = userName;

    /// <summary>Moves forward when the cookie slides (a request after half the lifetime), as the cookie's own expiry does.</summary>
    public DateTimeOffset ExpiresUtc
    {
        get => new(Interlocked.Read(ref _expiresUtcTicks), TimeSpan.Zero);
        set => Interlocked.Exchange(ref _expiresUtcTicks, value.UtcTicks);
    }
}
