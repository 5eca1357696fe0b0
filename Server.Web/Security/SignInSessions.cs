using System.Collections.Concurrent;
using System.Security.Cryptography;
using Microsoft.Extensions.Options;

namespace IocpAdmin.Web.Security;

/// <summary>
/// The live sign-ins, in memory: a session starts at sign-in and ends at sign-out, at expiry, or
/// when its user is removed. The cookie alone is stateless; this record is what makes signing out
/// in one tab end the others. A restart ends every sign-in (people sign in again), as it ends every
/// open page's circuit anyway.
/// </summary>
internal sealed class SignInSessions(IOptions<ConsoleAuthOptions> options, TimeProvider time)
{
    /// <summary>
    /// How often open pages and hub connections check their sign-in. Two seconds bounds how long a
    /// signed-out, removed or demoted user's open page keeps acting (about 2 s plus one check) and
    /// costs each open page one dictionary look-up and, for a database user, one indexed SQLite
    /// read per check: 50 open pages make 25 small reads a second, nothing beside the record store.
    /// </summary>
    public static readonly TimeSpan RevalidationInterval = TimeSpan.FromSeconds(2);

    private readonly ConcurrentDictionary<string, SignInSession> _live = new(StringComparer.Ordinal);

    /// <summary>How long a sign-in lasts without a request (<c>Auth:SessionHours</c>), as the cookie.</summary>
    public TimeSpan Lifetime => TimeSpan.FromHours(options.Value.SessionHours);

    public int Count => _live.Count;

    public SignInSession Start(string userName)
    {
        // Sign-ins are rare: sweeping here is enough to drop sessions whose browser never came back.
        var now = time.GetUtcNow();
        foreach (var (id, stale) in _live)
        {
            if (stale.ExpiresUtc <= now)
            {
                _live.TryRemove(id, out _);
            }
        }

        var session = new SignInSession(Convert.ToBase64String(RandomNumberGenerator.GetBytes(24)), userName, now + Lifetime);
        _live[session.Id] = session;
        return session;
    }

    public bool TryGet(string id, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out SignInSession? session) =>
        _live.TryGetValue(id, out session);

    public bool HasExpired(SignInSession session) => session.ExpiresUtc <= time.GetUtcNow();

    /// <summary>The cookie was renewed: the session lasts as long as the new cookie.</summary>
    public void Extend(string id)
    {
        if (_live.TryGetValue(id, out var session))
        {
            session.ExpiresUtc = time.GetUtcNow() + Lifetime;
        }
    }

    /// <summary>Ends a session; true if it was live. Safe to call twice.</summary>
    public bool End(string id) => _live.TryRemove(id, out _);
}
