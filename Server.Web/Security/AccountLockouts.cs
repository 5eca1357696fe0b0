using System.Globalization;
using IocpAdmin.Web.Data;
using IocpAdmin.Web.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace IocpAdmin.Web.Security;

/// <summary>
/// Account lockout: the per-address rate limit stops one address guessing fast; this stops many
/// addresses, or one slow one, guessing one account's password. Failures are counted per account
/// (of users that exist: a row per made-up name would let anyone fill the table), in the console
/// database. A locked account is refused whatever the password, with the wrong-password message,
/// after the same hashing work, so neither the message nor the time says whether it is locked or
/// exists. Locks, refusals and unlocks are audited.
/// </summary>
internal sealed class AccountLockouts(
    IDbContextFactory<ConsoleDbContext> contexts,
    IOptionsMonitor<ConsoleAuthOptions> options,
    AuditLog audit,
    TimeProvider time,
    ILogger<AccountLockouts> logger)
{
    /// <summary>Sign-ins of one account run one at a time (check, verify, count), so a burst cannot pass the check together.</summary>
    private readonly SemaphoreSlim[] _stripes = [.. Enumerable.Range(0, 32).Select(_ => new SemaphoreSlim(1, 1))];

    private LockoutPolicy Policy => LockoutPolicy.From(options.CurrentValue);

    public static string KeyOf(string userName) => userName.Trim().ToLowerInvariant();

    /// <summary>Holds the account's turn until disposed.</summary>
    public async Task<IDisposable> EnterAsync(string userName, CancellationToken cancellationToken)
    {
        var stripe = _stripes[(int)((uint)StringComparer.Ordinal.GetHashCode(KeyOf(userName)) % (uint)_stripes.Length)];
        await stripe.WaitAsync(cancellationToken);
        return new Turn(stripe);
    }

    /// <summary>When the account's lock ends, if it is locked now.</summary>
    public async Task<DateTime?> LockedUntilAsync(string userName, CancellationToken cancellationToken)
    {
        if (!Policy.Enabled)
        {
            return null;
        }

        var key = KeyOf(userName);
        await using var context = await contexts.CreateDbContextAsync(cancellationToken);
        var state = await context.Lockouts.AsNoTracking().FirstOrDefaultAsync(l => l.UserName == key, cancellationToken);
        return LockoutPolicy.IsLocked(state, Now) ? state!.LockedUntilUtc : null;
    }

    /// <summary>A wrong password for an existing account: counted, and the account locked when it reaches the limit.</summary>
    public async Task RecordFailureAsync(string userName, string from, CancellationToken cancellationToken)
    {
        var policy = Policy;
        if (!policy.Enabled)
        {
            return;
        }

        var key = KeyOf(userName);
        var now = Now;
        TimeSpan? locked;
        DateTime? until;
        await using (var context = await contexts.CreateDbContextAsync(cancellationToken))
        {
            var state = await context.Lockouts.FirstOrDefaultAsync(l => l.UserName == key, cancellationToken);
            if (state is null)
            {
                state = new AccountLockout { UserName = key };
                context.Lockouts.Add(state);
            }

            locked = policy.RecordFailure(state, now, from);
            until = state.LockedUntilUtc;
            await context.SaveChangesAsync(cancellationToken);
        }

        if (locked is { } duration)
        {
            var details = string.Create(CultureInfo.InvariantCulture,
                $"after {policy.Failures} failed sign-ins within {Describe(policy.Window)}, the last from {from}; locked for {Describe(duration)}, until {until:yyyy-MM-dd HH:mm:ss} UTC");
            Log.AccountLocked(logger, key, policy.Failures, from, Describe(duration));
            await audit.RecordAsync(key, AuditActions.AccountLocked, $"account {key}", details, succeeded: true);
        }
    }

    /// <summary>A good sign-in: the account's count and lock history start again.</summary>
    public async Task RecordSuccessAsync(string userName, CancellationToken cancellationToken)
    {
        var key = KeyOf(userName);
        await using var context = await contexts.CreateDbContextAsync(cancellationToken);
        await context.Lockouts.Where(l => l.UserName == key).ExecuteDeleteAsync(cancellationToken);
    }

    /// <summary>The accounts locked now, the longest-locked first.</summary>
    public async Task<IReadOnlyList<AccountLockout>> LockedAsync(CancellationToken cancellationToken)
    {
        var now = Now;
        await using var context = await contexts.CreateDbContextAsync(cancellationToken);
        return await context.Lockouts.AsNoTracking()
            .Where(l => l.LockedUntilUtc != null && l.LockedUntilUtc > now)
            .OrderByDescending(l => l.LockedUntilUtc)
            .ToListAsync(cancellationToken);
    }

    /// <summary>Lifts the account's lock and forgets its failures; false if it was not locked.</summary>
    public async Task<bool> UnlockAsync(string userName, CancellationToken cancellationToken)
    {
        var key = KeyOf(userName);
        using var turn = await EnterAsync(key, cancellationToken);
        var now = Now;
        await using var context = await contexts.CreateDbContextAsync(cancellationToken);
        return await context.Lockouts.Where(l => l.UserName == key && l.LockedUntilUtc != null && l.LockedUntilUtc > now)
            .ExecuteDeleteAsync(cancellationToken) > 0;
    }

    /// <summary>"5 min", "1 h 30 min", "2 s": for the audit and the log.</summary>
    public static string Describe(TimeSpan span) => span switch
    {
        { TotalSeconds: < 60 } => string.Create(CultureInfo.InvariantCulture, $"{span.TotalSeconds:0} s"),
        { TotalMinutes: < 60 } => span.Seconds == 0
            ? string.Create(CultureInfo.InvariantCulture, $"{(int)span.TotalMinutes} min")
            : string.Create(CultureInfo.InvariantCulture, $"{(int)span.TotalMinutes} min {span.Seconds} s"),
        { TotalHours: < 48 } => span.Minutes == 0
            ? string.Create(CultureInfo.InvariantCulture, $"{(int)span.TotalHours} h")
            : string.Create(CultureInfo.InvariantCulture, $"{(int)span.TotalHours} h {span.Minutes} min"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{span.TotalDays:0.#} days"),
    };

    private DateTime Now => time.GetUtcNow().UtcDateTime;

    private sealed class Turn(SemaphoreSlim stripe) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                stripe.Release();
            }
        }
    }
}
