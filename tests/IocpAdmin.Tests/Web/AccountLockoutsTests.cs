using IocpAdmin.Web.Data;
using IocpAdmin.Web.Security;
using Microsoft.EntityFrameworkCore;

namespace IocpAdmin.Tests.Web;

/// <summary>Account locks kept in the console database: counted per account, audited, lifted by Support only.</summary>
public sealed class AccountLockoutsTests : IAsyncLifetime
{
    private ConsoleServices _console = null!;

    public async ValueTask InitializeAsync() => _console = await ConsoleServices.StartAsync();

    public async ValueTask DisposeAsync() => await _console.DisposeAsync();

    [Fact]
    public async Task FifthFailure_LocksTheAccount_AndAuditsTheLockUnderItsName()
    {
        for (var i = 0; i < 5; i++)
        {
            Assert.Null(await _console.Lockouts.LockedUntilAsync("Alice", CancellationToken.None));
            await _console.Lockouts.RecordFailureAsync("Alice", $"10.0.0.{i}", CancellationToken.None);
        }

        var until = await _console.Lockouts.LockedUntilAsync("alice", CancellationToken.None);
        Assert.Equal(_console.Clock.GetUtcNow().UtcDateTime + TimeSpan.FromMinutes(5), until);
        var entry = Assert.Single((await _console.Audit.PageAsync(0, 10, AuditQuery.All, CancellationToken.None)).Items);
        Assert.Equal(("alice", AuditActions.AccountLocked, "account alice"), (entry.User, entry.Action, entry.Target));
        Assert.Contains("after 5 failed sign-ins within 15 min, the last from 10.0.0.4; locked for 5 min", entry.Details, StringComparison.Ordinal);

        _console.Clock.Advance(TimeSpan.FromMinutes(5));
        Assert.Null(await _console.Lockouts.LockedUntilAsync("alice", CancellationToken.None));
    }

    [Fact]
    public async Task Unlock_BySupport_LiftsTheLockAndIsAudited_ByOperator_IsRefusedAndAudited()
    {
        await LockAsync("bob");
        var alice = await _console.SignInAsync("alice", Roles.Support);
        var bob = await _console.SignInAsync("bob", Roles.Operator);

        await Assert.ThrowsAsync<IocpAdmin.Web.Dashboard.ForbiddenActionException>(() => _console.Actions.UnlockAccountAsync(bob, "bob"));
        Assert.NotNull(await _console.Lockouts.LockedUntilAsync("bob", CancellationToken.None));

        Assert.True(await _console.Actions.UnlockAccountAsync(alice, "bob"));
        Assert.Null(await _console.Lockouts.LockedUntilAsync("bob", CancellationToken.None));
        Assert.Empty(await _console.Lockouts.LockedAsync(CancellationToken.None));
        Assert.False(await _console.Actions.UnlockAccountAsync(alice, "bob"));

        var entries = (await _console.Audit.PageAsync(0, 10, AuditQuery.All, CancellationToken.None)).Items;
        Assert.Equal(
            [("alice", AuditActions.UnlockAccount, false), ("alice", AuditActions.UnlockAccount, true), ("bob", AuditActions.UnlockAccount, false), ("bob", AuditActions.AccountLocked, true)],
            entries.Select(e => (e.User, e.Action, e.Succeeded)));
        // Unlocked means the count starts again: four more failures do not lock.
        for (var i = 0; i < 4; i++)
        {
            await _console.Lockouts.RecordFailureAsync("bob", "10.0.0.1", CancellationToken.None);
        }

        Assert.Null(await _console.Lockouts.LockedUntilAsync("bob", CancellationToken.None));
    }

    [Fact]
    public async Task GoodSignIn_ForgetsTheFailures()
    {
        for (var i = 0; i < 4; i++)
        {
            await _console.Lockouts.RecordFailureAsync("alice", "10.0.0.1", CancellationToken.None);
        }

        await _console.Lockouts.RecordSuccessAsync("alice", CancellationToken.None);
        await _console.Lockouts.RecordFailureAsync("alice", "10.0.0.1", CancellationToken.None);

        Assert.Null(await _console.Lockouts.LockedUntilAsync("alice", CancellationToken.None));
        await using var context = await _console.Database.CreateDbContextAsync();
        Assert.Equal(1, (await context.Lockouts.SingleAsync()).Failures);
    }

    private async Task LockAsync(string account)
    {
        for (var i = 0; i < 5; i++)
        {
            await _console.Lockouts.RecordFailureAsync(account, "10.0.0.9", CancellationToken.None);
        }
    }
}
