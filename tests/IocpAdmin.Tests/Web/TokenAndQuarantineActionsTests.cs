using System.Globalization;
using System.Security.Claims;
using IocpAdmin.Protocol;
using IocpAdmin.Server.Engine;
using IocpAdmin.Tests.Infrastructure;
using IocpAdmin.Web.Dashboard;
using IocpAdmin.Web.Data;
using IocpAdmin.Web.Security;

namespace IocpAdmin.Tests.Web;

/// <summary>API tokens carry their maker's role or less and die with it; quarantines are set by a disconnect, lifted by Support, and audited.</summary>
public sealed class TokenAndQuarantineActionsTests : IAsyncLifetime
{
    private ConsoleServices _console = null!;

    public async ValueTask InitializeAsync() => _console = await ConsoleServices.StartAsync();

    public async ValueTask DisposeAsync() => await _console.DisposeAsync();

    [Fact]
    public async Task CreateToken_ByAnOperator_ForSupport_IsRefused_ForOperator_Works_AndBothAreAudited()
    {
        var bob = await _console.SignInAsync("bob", Roles.Operator);

        await Assert.ThrowsAsync<ForbiddenActionException>(() => _console.Actions.CreateTokenAsync(bob, "bobs-support", Roles.Support));
        var (token, secret) = await _console.Actions.CreateTokenAsync(bob, "bobs-reader", Roles.Operator);

        Assert.Equal(("bob", Roles.Operator), (token.CreatedBy, token.Role));
        Assert.StartsWith(ApiTokens.SecretPrefix, secret, StringComparison.Ordinal);
        var entries = (await _console.Audit.PageAsync(0, 10, AuditQuery.All, CancellationToken.None)).Items;
        Assert.Contains(entries, e => e is { User: "bob", Action: AuditActions.CreateToken, Target: "bobs-support", Succeeded: false });
        Assert.Contains(entries, e => e is { User: "bob", Action: AuditActions.CreateToken, Target: "bobs-reader", Succeeded: true });
    }

    [Fact]
    public async Task TokenPrincipal_IsValidWhileLive_ThenRefusedOnceRevokedOrItsMakerLosesTheRole()
    {
        var alice = await _console.SignInAsync("alice", Roles.Support);
        var (token, secret) = await _console.Actions.CreateTokenAsync(alice, "alices", Roles.Support);
        var caller = TokenPrincipal(await _console.Tokens.FindAsync(secret, CancellationToken.None));
        Assert.True((await _console.Validator.CheckAsync(caller, CancellationToken.None)).IsValid);

        // alice is an Operator now: her Support token may not act any more.
        await _console.DeclareUsersAsync(("alice", Roles.Operator), ("bob", Roles.Operator));
        var demoted = await _console.CheckUntilAsync(caller, SessionVerdictKind.TokenRefused);
        Assert.Contains("no longer has the Support role", demoted.Reason, StringComparison.Ordinal);

        await _console.DeclareUsersAsync(("alice", Roles.Support), ("bob", Roles.Operator));
        await _console.CheckUntilAsync(caller, SessionVerdictKind.Valid);
        var bob = await _console.SignInAsync("bob", Roles.Operator);
        await Assert.ThrowsAsync<ForbiddenActionException>(() => _console.Actions.RevokeTokenAsync(bob, token));
        Assert.True(await _console.Actions.RevokeTokenAsync(alice, token));
        Assert.Equal("the token was revoked", (await _console.Validator.CheckAsync(caller, CancellationToken.None)).Reason);
        // A token cannot make tokens.
        await Assert.ThrowsAsync<ForbiddenActionException>(() => _console.Actions.CreateTokenAsync(caller, "from-a-token", Roles.Operator));
    }

    [Fact]
    public async Task Disconnect_WithQuarantine_KeepsTheProcessOut_UntilSupportLiftsIt_AllAudited()
    {
        using var client = _console.Server.Connect();
        client.Send(Frames.Ping([1]));
        client.ReadResponse();
        var id = _console.Directory.Matching(ClientFilter.All).Single().Id;
        var alice = await _console.SignInAsync("alice", Roles.Support);

        var outcome = await _console.Actions.DisconnectAsync(alice, new DisconnectRequest([id], DisconnectMode.Graceful, "looping", "client row",
            QuarantineKind.Process, TimeSpan.FromMinutes(10)));

        Assert.Equal([id], outcome.Closed);
        var quarantine = Assert.Single(_console.Server.Server.Quarantines());
        Assert.Equal((QuarantineKind.Process, (long)Environment.ProcessId, "alice", "looping"), (quarantine.Scope, quarantine.Key, quarantine.By, quarantine.Reason));
        using (var again = _console.Server.Connect())
        {
            Assert.Equal(StatusKind.Busy, again.ReadResponse().Status);
        }

        var bob = await _console.SignInAsync("bob", Roles.Operator);
        await Assert.ThrowsAsync<ForbiddenActionException>(() => _console.Actions.LiftQuarantineAsync(bob, quarantine.Id));
        Assert.True(await _console.Actions.LiftQuarantineAsync(alice, quarantine.Id));
        Assert.False(await _console.Actions.LiftQuarantineAsync(alice, quarantine.Id));
        using (var served = _console.Server.Connect())
        {
            served.Send(Frames.Ping([2]));
            Assert.Equal(StatusKind.Ok, served.ReadResponse().Status);
        }

        var entries = (await _console.Audit.PageAsync(0, 20, AuditQuery.All, CancellationToken.None)).Items;
        Assert.Contains(entries, e => e.Action == AuditActions.DisconnectClient && e.Details.Contains(
            string.Create(CultureInfo.InvariantCulture, $"quarantined process {Environment.ProcessId} until "), StringComparison.Ordinal));
        Assert.Contains(entries, e => e is { User: "bob", Action: AuditActions.LiftQuarantine, Succeeded: false });
        Assert.Contains(entries, e => e is { User: "alice", Action: AuditActions.LiftQuarantine, Succeeded: true } && e.Details == "lifted; it had refused 1 connections");
    }

    [Theory]
    [InlineData(0.0, "The rate must be between 0.1 and 10000 clients per second.")]
    [InlineData(1e9, "The rate must be between 0.1 and 10000 clients per second.")]
    public async Task Disconnect_WithARateOutOfRange_IsRefusedAndTheClientStays(double rate, string problem)
    {
        using var client = _console.Server.Connect();
        client.Send(Frames.Ping([1]));
        client.ReadResponse();
        var id = _console.Directory.Matching(ClientFilter.All).Single().Id;
        var alice = await _console.SignInAsync("alice", Roles.Support);

        var refused = await Assert.ThrowsAsync<InvalidActionException>(() => _console.Actions.DisconnectAsync(alice,
            new DisconnectRequest([id], DisconnectMode.Graceful, "x", "client row", PerSecond: rate)));

        Assert.Equal(problem, refused.Message);
        Assert.False(client.WaitForClose(TimeSpan.FromMilliseconds(200)));
    }

    [Fact]
    public void QuarantineRequest_WhoseBusyTextWouldNotFit_IsRefused()
    {
        var request = new DisconnectRequest([1], DisconnectMode.Graceful, new string('x', 200), "client row", QuarantineKind.Process, TimeSpan.FromMinutes(1));

        Assert.Contains("too long for the client's frame", request.Problem("a-rather-long-user-name"), StringComparison.Ordinal);
        Assert.Null(new DisconnectRequest([1], DisconnectMode.Graceful, "short", "client row", QuarantineKind.Process, TimeSpan.FromMinutes(1)).Problem("alice"));
        Assert.Equal("A quarantine lasts from 1 second to 7 days.",
            new DisconnectRequest([1], DisconnectMode.Graceful, "x", "row", QuarantineKind.User, TimeSpan.FromDays(8)).Problem("alice"));
    }

    [Fact]
    public void PacedDisconnect_ThatWouldTakeOverTenMinutes_IsRefused()
    {
        var ids = Enumerable.Range(1, 1000).Select(i => (long)i).ToList();

        Assert.Equal("At 0.5 per second, 1000 clients take 33.3 min; at most 10: raise the rate.",
            new DisconnectRequest(ids, DisconnectMode.Graceful, "x", "row", PerSecond: 0.5).Problem("alice"));
        Assert.Null(new DisconnectRequest(ids, DisconnectMode.Graceful, "x", "row", PerSecond: 2).Problem("alice"));
    }

    [Fact]
    public async Task Quarantines_BeyondTheLimit_AreRefusedWhole_AuditedAndNothingIsAdded()
    {
        var keys = Enumerable.Range(1_000_000, RecordServer.MaxQuarantines).Select(i => (long)i).ToList();
        _console.Server.Server.AddQuarantines(QuarantineKind.Process, keys, "full", "alice", TimeSpan.FromMinutes(5));
        using var client = _console.Server.Connect();
        client.Send(Frames.Ping([1]));
        client.ReadResponse();
        var id = _console.Directory.Matching(ClientFilter.All).Single().Id;
        var alice = await _console.SignInAsync("alice", Roles.Support);

        var refused = await Assert.ThrowsAsync<InvalidActionException>(() => _console.Actions.DisconnectAsync(alice,
            new DisconnectRequest([id], DisconnectMode.Graceful, "x", "client row", QuarantineKind.Process, TimeSpan.FromMinutes(1))));

        Assert.StartsWith($"At most {RecordServer.MaxQuarantines} quarantines can be in force", refused.Message, StringComparison.Ordinal);
        Assert.Equal(RecordServer.MaxQuarantines, _console.Server.Server.Quarantines().Count);
        Assert.False(client.WaitForClose(TimeSpan.FromMilliseconds(200)), "refused before anything was done");
        var entry = Assert.Single((await _console.Audit.PageAsync(0, 10, AuditQuery.All, CancellationToken.None)).Items);
        Assert.Equal((AuditActions.DisconnectClient, false), (entry.Action, entry.Succeeded));
    }

    private static ClaimsPrincipal TokenPrincipal(ApiToken? token)
    {
        Assert.NotNull(token);
        return new ClaimsPrincipal(new ClaimsIdentity(
            [
                new Claim(ClaimTypes.Name, token.PrincipalName),
                new Claim(ClaimTypes.Role, token.Role),
                new Claim(ApiTokenAuthentication.TokenIdClaim, token.Id.ToString(CultureInfo.InvariantCulture)),
            ], ApiTokenAuthentication.SchemeName, ClaimTypes.Name, ClaimTypes.Role));
    }
}
