using IocpAdmin.Web.Security;

namespace IocpAdmin.Tests.Web;

/// <summary>When failed sign-ins lock an account, and for how long.</summary>
public sealed class LockoutPolicyTests
{
    private static readonly LockoutPolicy s_policy = new(3, TimeSpan.FromMinutes(15), TimeSpan.FromMinutes(5), TimeSpan.FromHours(1));
    private static readonly DateTime s_start = new(2026, 12, 5, 12, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void RecordFailure_TheNthWithinTheWindow_LocksForTheDuration()
    {
        var state = new AccountLockout { UserName = "alice" };

        Assert.Null(s_policy.RecordFailure(state, s_start, "10.0.0.1"));
        Assert.Null(s_policy.RecordFailure(state, s_start.AddMinutes(5), "10.0.0.2"));
        var locked = s_policy.RecordFailure(state, s_start.AddMinutes(14), "10.0.0.3");

        Assert.Equal(TimeSpan.FromMinutes(5), locked);
        Assert.Equal(s_start.AddMinutes(19), state.LockedUntilUtc);
        Assert.Equal("10.0.0.3", state.LastFailureFrom);
        Assert.True(LockoutPolicy.IsLocked(state, s_start.AddMinutes(18)));
        Assert.False(LockoutPolicy.IsLocked(state, s_start.AddMinutes(19)));
    }

    [Fact]
    public void RecordFailure_SpreadBeyondTheWindow_StartsCountingAgain()
    {
        var state = new AccountLockout { UserName = "alice" };

        s_policy.RecordFailure(state, s_start, "a");
        s_policy.RecordFailure(state, s_start.AddMinutes(10), "a");
        // Sixteen minutes after the first: the window starts again at this one.
        Assert.Null(s_policy.RecordFailure(state, s_start.AddMinutes(16), "a"));
        Assert.Null(s_policy.RecordFailure(state, s_start.AddMinutes(20), "a"));

        Assert.Equal(TimeSpan.FromMinutes(5), s_policy.RecordFailure(state, s_start.AddMinutes(30), "a"));
    }

    [Fact]
    public void RecordFailure_LocksInARow_DoubleEachTimeUpToTheMaximum()
    {
        var state = new AccountLockout { UserName = "alice" };
        var now = s_start;
        var durations = new List<TimeSpan>();
        for (var lockNumber = 0; lockNumber < 6; lockNumber++)
        {
            TimeSpan? locked = null;
            for (var i = 0; i < 3; i++)
            {
                locked = s_policy.RecordFailure(state, now, "a");
            }

            durations.Add(locked!.Value);
            now = state.LockedUntilUtc!.Value;
        }

        Assert.Equal([5, 10, 20, 40, 60, 60], durations.Select(d => d.TotalMinutes));
    }

    [Fact]
    public void RecordFailure_LongAfterTheLastLockEnded_StartsAgainFromTheFirstDuration()
    {
        var state = new AccountLockout { UserName = "alice" };
        for (var i = 0; i < 3; i++)
        {
            s_policy.RecordFailure(state, s_start, "a");
        }

        // The lock ended at 12:05; more than the longest lock (1 h) has passed since.
        var later = s_start.AddHours(2);
        s_policy.RecordFailure(state, later, "a");
        s_policy.RecordFailure(state, later, "a");

        Assert.Equal(TimeSpan.FromMinutes(5), s_policy.RecordFailure(state, later, "a"));
    }

    [Fact]
    public void RecordFailure_WithLockoutOff_CountsButNeverLocks()
    {
        var off = s_policy with { Failures = 0 };
        var state = new AccountLockout { UserName = "alice" };

        for (var i = 0; i < 100; i++)
        {
            Assert.Null(off.RecordFailure(state, s_start, "a"));
        }

        Assert.False(LockoutPolicy.IsLocked(state, s_start));
    }
}
