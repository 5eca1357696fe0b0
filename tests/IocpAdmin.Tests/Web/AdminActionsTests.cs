using IocpAdmin.Protocol;
using IocpAdmin.Server.Engine;
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

        await Assert.ThrowsAsync<ForbiddenActionException>(() => _console.Actions.DisconnectAsync(bob, Request([id])));

        Assert.False(client.WaitForClose(TimeSpan.FromMilliseconds(200)));
        var entry = Assert.Single((await _console.Audit.PageAsync(0, 10, AuditQuery.All, CancellationToken.None)).Items);
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
        var refused = await Assert.ThrowsAsync<ForbiddenActionException>(() => _console.Actions.DisconnectAsync(alice, Request([id])));

        Assert.Contains("signed out", refused.Message, StringComparison.Ordinal);
        Assert.False(client.WaitForClose(TimeSpan.FromMilliseconds(200)));
        var entry = Assert.Single((await _console.Audit.PageAsync(0, 10, AuditQuery.All, CancellationToken.None)).Items);
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
        var entry = Assert.Single((await _console.Audit.PageAsync(0, 10, AuditQuery.All, CancellationToken.None)).Items);
        Assert.Equal((AuditActions.AddRecord, false, "refused: the user's role changed to Operator"), (entry.Action, entry.Succeeded, entry.Details));
    }

    [Fact]
    public async Task DisconnectAsync_OfPreviewedStuckClients_ClosesExactlyThose_NotOneThatConnectedSince_AndAuditsOneEntry()
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
        var previewed = _console.Directory.Matching(new ClientFilter(SessionState.Receiving)).Select(s => s.Id).ToList();
        // Stuck the same way, but after the preview: the same filter would select it now.
        using var newcomer = _console.Server.Connect();
        newcomer.SendHex("09 00 00");
        await Eventually.TrueAsync(() => _console.Directory.Matching(new ClientFilter(SessionState.Receiving)).Count(s => s.HasPartialFrame) == 3,
            TimeSpan.FromSeconds(5), "the newcomer shows its half frame");

        var outcome = await _console.Actions.DisconnectAsync(await _console.SignInAsync("alice", Roles.Support),
            new DisconnectRequest(previewed, DisconnectMode.Now, "  half frames since the deploy ", "Filter: state Receiving."));

        Assert.Equal(previewed.Order(), outcome.Closed);
        Assert.Empty(outcome.AlreadyGone);
        Assert.Empty(outcome.StillOpen);
        Assert.True(stuck1.WaitForClose());
        Assert.True(stuck2.WaitForClose());
        Assert.False(newcomer.WaitForClose(TimeSpan.FromMilliseconds(200)), "the client that connected after the preview is not touched");
        healthy.Send(Frames.Ping([2]));
        Assert.Equal(StatusKind.Ok, healthy.ReadResponse().Status);
        var entry = Assert.Single((await _console.Audit.PageAsync(0, 10, AuditQuery.All, CancellationToken.None)).Items);
        Assert.Equal(("alice", AuditActions.DisconnectClient, "2 clients", true), (entry.User, entry.Action, entry.Target, entry.Succeeded));
        Assert.StartsWith("now, reason \"half frames since the deploy\"; closed 2, 0 already gone, 0 still open, in ", entry.Details, StringComparison.Ordinal);
        Assert.EndsWith($"; ids {previewed.Min()}-{previewed.Max()}; Filter: state Receiving", entry.Details, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DisconnectAsync_Graceful_AnswersWhatTheClientSent_ThenTellsItWhoAndWhyInBusy_ThenCloses()
    {
        using var client = _console.Server.Connect();
        client.Send([.. Frames.Ping([1]), .. Frames.Add(5, 6), .. Frames.Ping([2])]);
        await Eventually.TrueAsync(() => _console.Directory.Matching(ClientFilter.All).SingleOrDefault()?.Requests == 3, TimeSpan.FromSeconds(5), "all three requests are read");
        var id = _console.Directory.Matching(ClientFilter.All).Single().Id;

        var outcome = await _console.Actions.DisconnectAsync(await _console.SignInAsync("alice", Roles.Support),
            new DisconnectRequest([id], DisconnectMode.Graceful, "moving you to the new pool", "client row"));

        Assert.Equal([id], outcome.Closed);
        Assert.Equal(StatusKind.Ok, client.ReadResponse().Status);
        Assert.Equal(1UL, client.ReadId());
        Assert.Equal(StatusKind.Ok, client.ReadResponse().Status);
        var farewell = client.ReadResponse();
        Assert.Equal((StatusKind.Busy, "disconnected by alice: moving you to the new pool"), (farewell.Status, System.Text.Encoding.UTF8.GetString(farewell.Payload)));
        Assert.True(client.WaitForClose());
        Assert.Equal(1, _console.Server.Server.Store.Count);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("two\nlines")]
    [InlineData("one\u2028line separator")]
    [InlineData("right-to-left \u202Eoverride")]
    public async Task DisconnectAsync_WithoutAOneLineReason_IsRefusedAuditedAndTheClientStays(string reason)
    {
        using var client = _console.Server.Connect();
        client.Send(Frames.Ping([1]));
        client.ReadResponse();
        var id = _console.Directory.Matching(ClientFilter.All).Single().Id;

        var alice = await _console.SignInAsync("alice", Roles.Support);
        var refused = await Assert.ThrowsAsync<InvalidActionException>(() =>
            _console.Actions.DisconnectAsync(alice, new DisconnectRequest([id], DisconnectMode.Now, reason, "client row")));

        Assert.False(client.WaitForClose(TimeSpan.FromMilliseconds(200)));
        var entry = Assert.Single((await _console.Audit.PageAsync(0, 10, AuditQuery.All, CancellationToken.None)).Items);
        Assert.Equal(($"client {id}", false, $"refused: {refused.Message}"), (entry.Target, entry.Succeeded, entry.Details));
    }

    [Fact]
    public async Task DisconnectAsync_WithAReasonTooLongForTheFrame_IsRefusedSayingSo()
    {
        var alice = await _console.SignInAsync("alice", Roles.Support);
        // 200 characters, 400 bytes of UTF-8: the BUSY reason holds 256.
        var refused = await Assert.ThrowsAsync<InvalidActionException>(() =>
            _console.Actions.DisconnectAsync(alice, new DisconnectRequest([1], DisconnectMode.Graceful, new string('é', 200), "client row")));

        Assert.Contains("must fit in 256 bytes of UTF-8 (423 now)", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DisconnectAsync_OfClientsAlreadyGone_SaysSo_AndIsAuditedAsNothingDone()
    {
        var outcome = await _console.Actions.DisconnectAsync(await _console.SignInAsync("alice", Roles.Support),
            new DisconnectRequest([41, 42, 43, 45], DisconnectMode.Graceful, "cleanup", "Filter: idle at least 60 s."));

        Assert.Empty(outcome.Closed);
        Assert.Equal([41L, 42, 43, 45], outcome.AlreadyGone);
        var entry = Assert.Single((await _console.Audit.PageAsync(0, 10, AuditQuery.All, CancellationToken.None)).Items);
        Assert.False(entry.Succeeded);
        Assert.Contains("closed 0, 4 already gone, 0 still open", entry.Details, StringComparison.Ordinal);
        Assert.EndsWith("; ids 41-43, 45; Filter: idle at least 60 s", entry.Details, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SetAdmissionAsync_BySupport_RefusesNewClientsAndIsAudited_ByOperator_IsRefusedAndAudited()
    {
        var bob = await _console.SignInAsync("bob", Roles.Operator);
        await Assert.ThrowsAsync<ForbiddenActionException>(() => _console.Actions.SetAdmissionAsync(bob, AdmissionMode.Drain));
        Assert.Equal(AdmissionMode.Ready, _console.Server.Server.Admission);

        var previous = await _console.Actions.SetAdmissionAsync(await _console.SignInAsync("alice", Roles.Support), AdmissionMode.Drain);

        Assert.Equal(AdmissionMode.Ready, previous);
        using var newcomer = _console.Server.Connect();
        Assert.Equal(StatusKind.Busy, newcomer.ReadResponse().Status);
        var (entries, _) = await _console.Audit.PageAsync(0, 10, AuditQuery.All, CancellationToken.None);
        Assert.Equal(
            [("alice", AuditActions.SetAdmission, "Drain (was Ready)", true), ("bob", AuditActions.SetAdmission, "refused: takes the Support role", false)],
            entries.Select(e => (e.User, e.Action, e.Details, e.Succeeded)));
    }

    [Fact]
    public async Task AddAndDeleteRecord_AsSupport_ChangeTheStoreAndAuditTheValues()
    {
        var support = await _console.SignInAsync("alice", Roles.Support);

        var id = await _console.Actions.AddRecordAsync(support, 7, -8);
        Assert.True(await _console.Actions.DeleteRecordAsync(support, id));
        Assert.False(await _console.Actions.DeleteRecordAsync(support, id));

        Assert.Equal(0, _console.Server.Server.Store.Count);
        var (entries, _) = await _console.Audit.PageAsync(0, 10, AuditQuery.All, CancellationToken.None);
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

        var (found, total) = await _console.Audit.PageAsync(0, 10, new AuditQuery(Search: "(3, 4)"), CancellationToken.None);

        Assert.Equal(1, total);
        Assert.Equal("record 2", Assert.Single(found).Target);
    }

    private static DisconnectRequest Request(long[] ids) => new(ids, DisconnectMode.Now, "stuck", "client row");
}
