namespace IocpAdmin.Web.Security;

/// <summary>
/// When failed sign-ins lock an account and for how long: <see cref="Failures"/> failures within
/// <see cref="Window"/> (counted from the first of them) lock it for <see cref="Duration"/>, and each
/// further lock before a good sign-in or an unlock lasts twice as long, up to <see cref="MaxDuration"/>.
/// A lock that ended more than <see cref="MaxDuration"/> ago no longer counts towards the next one.
/// </summary>
public sealed record LockoutPolicy(int Failures, TimeSpan Window, TimeSpan Duration, TimeSpan MaxDuration)
{
    /// <summary>Whether the policy locks at all (<c>Auth:LockoutFailures=0</c> turns it off).</summary>
    public bool Enabled => Failures > 0;

    public static LockoutPolicy From(ConsoleAuthOptions options) =>
        new(options.LockoutFailures, options.LockoutWindow, options.LockoutDuration, options.LockoutMaxDuration);

    public static bool IsLocked(AccountLockout? state, DateTime nowUtc) => state?.LockedUntilUtc > nowUtc;

    /// <summary>Counts one failure at <paramref name="nowUtc"/>; returns how long the account is now locked, or null.</summary>
    public TimeSpan? RecordFailure(AccountLockout state, DateTime nowUtc, string from)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (state.LockedUntilUtc is { } ended && ended <= nowUtc)
        {
            state.LockedUntilUtc = null;
            if (nowUtc - ended > MaxDuration)
            {
                state.Locks = 0;
            }
        }

        if (state.Failures == 0 || nowUtc - state.WindowStartUtc > Window)
        {
            state.Failures = 0;
            state.WindowStartUtc = nowUtc;
        }

        state.Failures++;
        state.LastFailureFrom = from;
        if (!Enabled || state.Failures < Failures)
        {
            return null;
        }

        var duration = LockDuration(state.Locks);
        state.LockedUntilUtc = nowUtc + duration;
        state.Locks++;
        state.Failures = 0;
        return duration;
    }

    /// <summary>The length of the lock that follows <paramref name="earlierLocks"/> locks: doubled each time, capped.</summary>
    public TimeSpan LockDuration(int earlierLocks)
    {
        var ticks = Duration.Ticks;
        for (var i = 0; i < earlierLocks && ticks < MaxDuration.Ticks; i++)
        {
            ticks *= 2;
        }

        return TimeSpan.FromTicks(Math.Min(ticks, MaxDuration.Ticks));
    }
}
