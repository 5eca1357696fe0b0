using System.Security.Claims;
using IocpAdmin.Web.Security;
using Microsoft.EntityFrameworkCore;

namespace IocpAdmin.Tests.Web;

/// <summary>
/// The check behind every request, open page, hub call and admin action: a sign-in counts only
/// while its session is live and its user exists, in the configuration as reloaded or in the database.
/// </summary>
public sealed class SignInValidatorTests : IAsyncLifetime
{
    private ConsoleServices _console = null!;

    public async ValueTask InitializeAsync() => _console = await ConsoleServices.StartAsync();

    public async ValueTask DisposeAsync() => await _console.DisposeAsync();

    [Fact]
    public async Task CheckAsync_LiveSession_IsValid()
    {
        var alice = await _console.SignInAsync("alice", Roles.Support);

        Assert.Equal(SessionVerdictKind.Valid, (await _console.Validator.CheckAsync(alice, CancellationToken.None)).Kind);
    }

    [Fact]
    public async Task CheckAsync_AfterTheSessionEnds_IsSignedOut()
    {
        var alice = await _console.SignInAsync("alice", Roles.Support);

        await _console.Sessions.EndAsync(ConsolePrincipal.SessionId(alice)!);

        Assert.Equal(SessionVerdictKind.SignedOut, (await _console.Validator.CheckAsync(alice, CancellationToken.None)).Kind);
    }

    [Fact]
    public async Task CheckAsync_PrincipalWithoutASession_IsSignedOut()
    {
        // A cookie issued before sign-in sessions existed carries no session id.
        var old = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Name, "alice"), new Claim(ClaimTypes.Role, Roles.Support)], "Cookies"));

        Assert.Equal(SessionVerdictKind.SignedOut, (await _console.Validator.CheckAsync(old, CancellationToken.None)).Kind);
    }

    [Fact]
    public async Task CheckAsync_PastTheSessionLifetime_IsExpiredAndEndsTheSession()
    {
        var alice = await _console.SignInAsync("alice", Roles.Support);

        _console.Clock.Advance(_console.Sessions.Lifetime);

        Assert.Equal(SessionVerdictKind.Expired, (await _console.Validator.CheckAsync(alice, CancellationToken.None)).Kind);
        Assert.False(_console.Sessions.TryGet(ConsolePrincipal.SessionId(alice)!, out _));
    }

    [Fact]
    public async Task CheckAsync_SessionExtendedByACookieRenewal_OutlivesTheFirstLifetime()
    {
        var alice = await _console.SignInAsync("alice", Roles.Support);
        _console.Clock.Advance(_console.Sessions.Lifetime / 2);

        await _console.Sessions.ExtendAsync(ConsolePrincipal.SessionId(alice)!, CancellationToken.None);
        _console.Clock.Advance(_console.Sessions.Lifetime / 2);

        Assert.Equal(SessionVerdictKind.Valid, (await _console.Validator.CheckAsync(alice, CancellationToken.None)).Kind);
    }

    [Fact]
    public async Task CheckAsync_UserDemotedInTheReloadedConfiguration_IsRoleChangedToTheNewRole()
    {
        var alice = await _console.SignInAsync("alice", Roles.Support);

        await _console.DeclareUsersAsync(("alice", Roles.Operator), ("bob", Roles.Operator));

        var verdict = await _console.CheckUntilAsync(alice, SessionVerdictKind.RoleChanged);
        Assert.Equal(Roles.Operator, verdict.CurrentRole);
        Assert.Equal(SessionVerdictKind.Valid, (await _console.Validator.CheckAsync(ConsolePrincipal.WithRole(alice, Roles.Operator), CancellationToken.None)).Kind);
    }

    [Fact]
    public async Task CheckAsync_UserRemovedFromTheReloadedConfiguration_IsUserRemovedAndEndsTheSession()
    {
        var bob = await _console.SignInAsync("bob", Roles.Operator);

        await _console.DeclareUsersAsync(("alice", Roles.Support));

        await _console.CheckUntilAsync(bob, SessionVerdictKind.UserRemoved);
        Assert.False(_console.Sessions.TryGet(ConsolePrincipal.SessionId(bob)!, out _));
    }

    [Fact]
    public async Task CheckAsync_ReloadedConfigurationInvalid_ShutsOutConfiguredUsersWithoutThrowing()
    {
        var alice = await _console.SignInAsync("alice", Roles.Support);

        await _console.DeclareInvalidUsersAsync();

        await _console.CheckUntilAsync(alice, SessionVerdictKind.UserRemoved);
    }

    [Fact]
    public async Task CheckAsync_DatabaseUserDemotedThenDeleted_IsRoleChangedThenUserRemoved()
    {
        await using (var context = await _console.Database.CreateDbContextAsync())
        {
            context.Users.Add(new UserAccount { Name = "carol", PasswordHash = "x", Role = Roles.Support, CreatedUtc = DateTime.UtcNow });
            await context.SaveChangesAsync();
        }

        var carol = await _console.SignInAsync("carol", Roles.Support);
        Assert.Equal(SessionVerdictKind.Valid, (await _console.Validator.CheckAsync(carol, CancellationToken.None)).Kind);

        await ExecuteAsync("UPDATE ConsoleUsers SET Role = 'Operator' WHERE Name = 'carol'");
        Assert.Equal(new SessionVerdict(SessionVerdictKind.RoleChanged, Roles.Operator), await _console.Validator.CheckAsync(carol, CancellationToken.None));

        await ExecuteAsync("DELETE FROM ConsoleUsers WHERE Name = 'carol'");
        Assert.Equal(SessionVerdictKind.UserRemoved, (await _console.Validator.CheckAsync(carol, CancellationToken.None)).Kind);
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var context = await _console.Database.CreateDbContextAsync();
        await context.Database.ExecuteSqlRawAsync(sql);
    }
}
