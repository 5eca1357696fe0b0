using IocpAdmin.Protocol;
using IocpAdmin.Server.Sessions;
using IocpAdmin.Web.Dashboard;
using IocpAdmin.Web.Data;
using IocpAdmin.Web.Security;
using IocpAdmin.Tests.Infrastructure;

namespace IocpAdmin.Tests.Web;

/// <summary>What the console may change is decided on the server, and every change is audited.</summary>
public sealed class AdminActionsTests : IAsyncLifetime
{
    private ConsoleServices _console = null!;

    public async ValueTask InitializeAsync() => _console = await ConsoleServices.StartAsync();

    public async ValueTask DisposeAsync() => await _console.DisposeAsync();

    [Fact]
    public async Task DisconnectAsync_AsOperator_IsForbiddenAuditedAndTheClientStays()
    {
        using var client = _console.Server.Connect();
        client.Send(Frames.Ping([1]));
        client.ReadResponse();
        var id = _console.Directory.Matching(ClientFilter.All).Single().Id;

        var bob = await _console.SignInAsync("bob", Roles.Operator);

        await Assert.ThrowsAsync<ForbiddenActionException>(() => _console.Actions.DisconnectAsync(bob, id));

        Assert.False(client.WaitForClose(TimeSpan.FromMilliseconds(200)));
        var entry = Assert.Single((await _console.Audit.PageAsync(0, 10, null, CancellationToken.None)).Items);
        Assert.Equal(("bob", AuditActions.DisconnectClient, $"client {id}", false), (entry.User, entry.Action, entry.Target, entry.Succeeded));
        Assert.Equal("refused: takes the Support role", entry.Details);
    }

    [Fact]
    public async Task DisconnectAsync_AfterTheSignInEnded_IsRefusedAuditedAndTheClientStays()
    {
        using var client = _console.Server.Connect();
        client.Send(Frames.Ping([1]));
        client.ReadResponse();
        var id = _console.Directory.Matching(ClientFilter.All).Single().Id;
        var alice = await _console.SignInAsync("alice", Roles.Support);

        // Signed out in another tab: this page has not noticed yet, and its principal still says Support.
        await _console.Sessions.EndAsync(ConsolePrincipal.SessionId(alice)!);
        var refused = await Assert.ThrowsAsync<ForbiddenActionException>(() => _console.Actions.DisconnectAsync(alice, id));

        Assert.Contains("signed out", refused.Message, StringComparison.Ordinal);
        Assert.False(client.WaitForClose(TimeSpan.FromMilliseconds(200)));
        var entry = Assert.Single((await _console.Audit.PageAsync(0, 10, null, CancellationToken.None)).Items);
        Assert.Equal(("alice", AuditActions.DisconnectClient, $"client {id}", false), (entry.User, entry.Action, entry.Target, entry.Succeeded));
        Assert.StartsWith("refused: ", entry.Details, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddRecordAsync_ByAUserDemotedSinceSigningIn_IsRefusedAndAudited()
    {
        var alice = await _console.SignInAsync("alice", Roles.Support);

        await _console.DeclareUsersAsync(("alice", Roles.Operator));
        await _console.CheckUntilAsync(alice, SessionVerdictKind.RoleChanged);

        await Assert.ThrowsAsync<ForbiddenActionException>(() => _console.Actions.AddRecordAsync(alice, 1, 1));

        Assert.Equal(0, _console.Server.Server.Store.Count);
        var entry = Assert.Single((await _console.Audit.PageAsync(0, 10, null, CancellationToken.None)).Items);
        Assert.Equal((AuditActions.AddRecord, false, "refused: the user's role changed to Operator"), (entry.Action, entry.Succeeded, entry.Details));
    }

    [Fact]
    public async Task DisconnectMatchingAsync_StuckClients_DisconnectsOnlyThoseAndAuditsEach()
    {
        using var stuck1 = _console.Server.Connect();
        using var stuck2 = _console.Server.Connect();
        using var healthy = _console.Server.Connect();
        stuck1.SendHex("09 00");
        stuck2.SendHex("09 00 00 00 01");
        healthy.Send(Frames.Ping([1]));
        healthy.ReadResponse();
        await Eventually.TrueAsync(() => _console.Directory.Matching(new ClientFilter(SessionState.Receiving)).Count(s => s.HasPartialFrame) == 2,
            TimeSpan.FromSeconds(5), "both stuck clients show their half frames");

        var done = await _console.Actions.DisconnectMatchingAsync(await _console.SignInAsync("alice", Roles.Support), new ClientFilter(SessionState.Receiving));

        Assert.Equal(2, done);
        Assert.True(stuck1.WaitForClose());
        Assert.True(stuck2.WaitForClose());
        healthy.Send(Frames.Ping([2]));
        Assert.Equal(StatusKind.Ok, healthy.ReadResponse().Status);
        var (entries, total) = await _console.Audit.PageAsync(0, 10, null, CancellationToken.None);
        Assert.Equal(2, total);
        Assert.All(entries, e => Assert.Equal(("alice", AuditActions.DisconnectClient, true), (e.User, e.Action, e.Succeeded)));
        Assert.All(entries, e => Assert.Contains("state Receiving", e.Details, StringComparison.Ordinal));
    }

    [Fact]
    public async Task AddAndDeleteRecord_AsSupport_ChangeTheStoreAndAuditTheValues()
    {
        var support = await _console.SignInAsync("alice", Roles.Support);

        var id = await _console.Actions.AddRecordAsync(support, 7, -8);
        Assert.True(await _console.Actions.DeleteRecordAsync(support, id));
        Assert.False(await _console.Actions.DeleteRecordAsync(support, id));

        Assert.Equal(0, _console.Server.Server.Store.Count);
        var (entries, _) = await _console.Audit.PageAsync(0, 10, null, CancellationToken.None);
        Assert.Equal(
            [(AuditActions.DeleteRecord, "not found", false), (AuditActions.DeleteRecord, "(7, -8)", true), (AuditActions.AddRecord, "(7, -8)", true)],
            entries.Select(e => (e.Action, e.Details, e.Succeeded)));
        Assert.All(entries, e => Assert.Equal($"record {id}", e.Target));
    }

    [Fact]
    public async Task AddRecordAsync_AsOperator_IsForbidden()
    {
        var bob = await _console.SignInAsync("bob", Roles.Operator);

        await Assert.ThrowsAsync<ForbiddenActionException>(() => _console.Actions.AddRecordAsync(bob, 1, 1));

        Assert.Equal(0, _console.Server.Server.Store.Count);
    }

    [Fact]
    public async Task AuditPage_Search_FindsEntriesByAnyField()
    {
        var support = await _console.SignInAsync("alice", Roles.Support);
        await _console.Actions.AddRecordAsync(support, 1, 2);
        await _console.Actions.AddRecordAsync(support, 3, 4);

        var (found, total) = await _console.Audit.PageAsync(0, 10, "(3, 4)", CancellationToken.None);

        Assert.Equal(1, total);
        Assert.Equal("record 2", Assert.Single(found).Target);
    }
}
