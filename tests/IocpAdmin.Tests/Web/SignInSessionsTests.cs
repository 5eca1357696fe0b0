using System.Security.Cryptography;
using System.Text;
using IocpAdmin.Web.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace IocpAdmin.Tests.Web;

/// <summary>Sign-ins survive a restart through the console database, which never holds a usable session id.</summary>
public sealed class SignInSessionsTests : IAsyncLifetime
{
    private ConsoleServices _console = null!;

    public async ValueTask InitializeAsync() => _console = await ConsoleServices.StartAsync();

    public async ValueTask DisposeAsync() => await _console.DisposeAsync();

    [Fact]
    public async Task StartAsync_KeepsOnlyAHashOfTheSessionIdInTheDatabase()
    {
        var id = await _console.Sessions.StartAsync("alice", CancellationToken.None);

        await using var context = await _console.Database.CreateDbContextAsync();
        var stored = Assert.Single(await context.SignIns.ToListAsync());
        Assert.Equal("alice", stored.UserName);
        Assert.Equal(Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(id))), stored.KeyHash);
        Assert.False(await context.SignIns.AnyAsync(s => s.KeyHash == id || s.UserName == id), "the id itself is nowhere in the table");
    }

    [Fact]
    public async Task LoadAsync_AfterARestart_KnowsTheLiveSignInsAndNotTheEndedOrExpiredOnes()
    {
        var live = await _console.Sessions.StartAsync("alice", CancellationToken.None);
        var ended = await _console.Sessions.StartAsync("bob", CancellationToken.None);
        await _console.Sessions.EndAsync(ended);
        var options = Options.Create(new ConsoleAuthOptions { SessionHours = 1 });
        var shortLived = new SignInSessions(_console.Database, options, _console.Clock);
        var expiring = await shortLived.StartAsync("alice", CancellationToken.None);
        _console.Clock.Advance(TimeSpan.FromHours(2));

        var restarted = new SignInSessions(_console.Database, Options.Create(new ConsoleAuthOptions()), _console.Clock);
        await restarted.LoadAsync(CancellationToken.None);

        Assert.True(restarted.TryGet(live, out var session));
        Assert.Equal("alice", session.UserName);
        Assert.False(restarted.TryGet(ended, out _), "a signed-out session stays ended after a restart");
        Assert.False(restarted.TryGet(expiring, out _), "an expired session is forgotten at start");
        await using var context = await _console.Database.CreateDbContextAsync();
        Assert.Equal(1, await context.SignIns.CountAsync());
    }
}
