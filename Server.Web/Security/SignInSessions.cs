using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text;
using IocpAdmin.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace IocpAdmin.Web.Security;

/// <summary>
/// The live sign-ins: a session starts at sign-in and ends at sign-out, at expiry, or when its user
/// is removed. The cookie alone is stateless; this record is what makes signing out in one tab end
/// the others. Sessions are kept in the console database (as hashes of their ids), so a restart
/// keeps people signed in, and read from memory: this process is the database's only writer of
/// them, so the copy in memory, loaded at start and written through, is always the current one.
/// </summary>
internal sealed class SignInSessions(IDbContextFactory<ConsoleDbContext> contexts, IOptions<ConsoleAuthOptions> options, TimeProvider time)
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

    /// <summary>At start, after the migrations: forgets expired sign-ins and loads the live ones.</summary>
    public async Task LoadAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        await using var context = await contexts.CreateDbContextAsync(cancellationToken);
        await context.SignIns.Where(s => s.ExpiresUtc <= now).ExecuteDeleteAsync(cancellationToken);
        await foreach (var stored in context.SignIns.AsNoTracking().AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            _live[stored.KeyHash] = new SignInSession(stored.KeyHash, stored.UserName, new DateTimeOffset(stored.ExpiresUtc, TimeSpan.Zero));
        }
    }

    /// <summary>Starts a sign-in for <paramref name="userName"/>; returns its id, for the cookie.</summary>
    public async Task<string> StartAsync(string userName, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var id = Convert.ToBase64String(RandomNumberGenerator.GetBytes(24));
        var session = new SignInSession(KeyHashOf(id), userName, now + Lifetime);
        await using (var context = await contexts.CreateDbContextAsync(cancellationToken))
        {
            // Sign-ins are rare: sweeping here is enough to drop sessions whose browser never came back.
            await context.SignIns.Where(s => s.ExpiresUtc <= now.UtcDateTime).ExecuteDeleteAsync(cancellationToken);
            context.SignIns.Add(new StoredSignIn
            {
                KeyHash = session.KeyHash,
                UserName = userName,
                CreatedUtc = now.UtcDateTime,
                ExpiresUtc = session.ExpiresUtc.UtcDateTime,
            });
            await context.SaveChangesAsync(cancellationToken);
        }

        foreach (var (key, stale) in _live)
        {
            if (stale.ExpiresUtc <= now)
            {
                _live.TryRemove(key, out _);
            }
        }

        _live[session.KeyHash] = session;
        return id;
    }

    public bool TryGet(string id, [NotNullWhen(true)] out SignInSession? session) => _live.TryGetValue(KeyHashOf(id), out session);

    public bool HasExpired(SignInSession session) => session.ExpiresUtc <= time.GetUtcNow();

    /// <summary>The cookie was renewed: the session lasts as long as the new cookie.</summary>
    public async Task ExtendAsync(string id, CancellationToken cancellationToken)
    {
        if (!TryGet(id, out var session))
        {
            return;
        }

        session.ExpiresUtc = time.GetUtcNow() + Lifetime;
        var expires = session.ExpiresUtc.UtcDateTime;
        await using var context = await contexts.CreateDbContextAsync(cancellationToken);
        await context.SignIns.Where(s => s.KeyHash == session.KeyHash)
            .ExecuteUpdateAsync(set => set.SetProperty(s => s.ExpiresUtc, expires), cancellationToken);
    }

    /// <summary>Ends a session; true if it was live. Safe to call twice. It is over in memory at once, whatever the database does.</summary>
    public async Task<bool> EndAsync(string id)
    {
        var key = KeyHashOf(id);
        if (!_live.TryRemove(key, out _))
        {
            return false;
        }

        // Not cancellable: a sign-out must reach the database even if the browser goes away meanwhile.
        await using var context = await contexts.CreateDbContextAsync();
        await context.SignIns.Where(s => s.KeyHash == key).ExecuteDeleteAsync();
        return true;
    }

    private static string KeyHashOf(string id) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(id)));
}
