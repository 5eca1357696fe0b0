using System.Globalization;
using System.Security.Claims;
using IocpAdmin.Server.Diagnostics;
using IocpAdmin.Server.Engine;
using IocpAdmin.Web.Data;
using IocpAdmin.Web.Diagnostics;
using IocpAdmin.Web.Security;
using Microsoft.AspNetCore.Authorization;

namespace IocpAdmin.Web.Dashboard;

/// <summary>
/// Everything the console and the hub can change, in one place: each action checks on the server
/// that the user's sign-in is still valid (refusals of ended sign-ins are audited: a page or a
/// connection may act in the seconds before it notices) and that the role allows it, and is written
/// to the audit log with who, what and when.
/// </summary>
internal sealed class AdminActions(
    RecordServer server,
    ClientDirectory clients,
    AuditLog audit,
    IAuthorizationService authorization,
    SignInValidator signIns,
    AccountLockouts lockouts,
    ILogger<AdminActions> logger)
{
    /// <summary>Disconnects one client; false if it had already gone.</summary>
    public async Task<bool> DisconnectAsync(ClaimsPrincipal user, long sessionId)
    {
        await EnsureAllowedAsync(user, AuditActions.DisconnectClient, $"client {sessionId}");
        var session = clients.Matching(ClientFilter.All).FirstOrDefault(s => s.Id == sessionId);
        var done = server.Disconnect(sessionId);
        await audit.RecordAsync(NameOf(user), AuditActions.DisconnectClient, $"client {sessionId}", Describe(session), done);
        return done;
    }

    /// <summary>Disconnects every client the filter selects now; returns how many.</summary>
    public async Task<int> DisconnectMatchingAsync(ClaimsPrincipal user, ClientFilter filter)
    {
        await EnsureAllowedAsync(user, AuditActions.DisconnectClient, "clients matching a filter");
        var targets = new List<(string, string)>();
        foreach (var session in clients.Matching(filter))
        {
            if (server.Disconnect(session.Id))
            {
                targets.Add(($"client {session.Id}", Describe(session)));
            }
        }

        if (targets.Count > 0)
        {
            await audit.RecordManyAsync(NameOf(user), AuditActions.DisconnectClient, targets, succeeded: true);
        }

        return targets.Count;
    }

    /// <summary>Adds a record through the same writer as the pipe clients; returns its id once committed.</summary>
    public async Task<ulong> AddRecordAsync(ClaimsPrincipal user, int a, int b)
    {
        await EnsureAllowedAsync(user, AuditActions.AddRecord, "a new record");
        var id = await server.Store.AddAsync(a, b);
        await audit.RecordAsync(NameOf(user), AuditActions.AddRecord, $"record {id}", $"({a}, {b})", succeeded: true);
        return id;
    }

    /// <summary>Deletes a record; false if it did not exist.</summary>
    public async Task<bool> DeleteRecordAsync(ClaimsPrincipal user, ulong id)
    {
        await EnsureAllowedAsync(user, AuditActions.DeleteRecord, $"record {id}");
        var existed = server.Store.TryGet(id, out var a, out var b);
        var deleted = await server.Store.DeleteAsync(id);
        await audit.RecordAsync(NameOf(user), AuditActions.DeleteRecord, $"record {id}", existed ? $"({a}, {b})" : "not found", deleted);
        return deleted;
    }

    /// <summary>Lifts a locked account's lock (Support); false if it was not locked (any more).</summary>
    public async Task<bool> UnlockAccountAsync(ClaimsPrincipal user, string account)
    {
        var target = $"account {AccountLockouts.KeyOf(account)}";
        await EnsureAllowedAsync(user, AuditActions.UnlockAccount, target);
        var done = await lockouts.UnlockAsync(account, CancellationToken.None);
        await audit.RecordAsync(NameOf(user), AuditActions.UnlockAccount, target, done ? "lock lifted, failures forgotten" : "was not locked", done);
        if (done)
        {
            Log.AccountUnlocked(logger, AccountLockouts.KeyOf(account), NameOf(user));
        }

        return done;
    }

    private async Task EnsureAllowedAsync(ClaimsPrincipal user, string action, string target)
    {
        var verdict = await signIns.CheckAsync(user, CancellationToken.None);
        if (!verdict.IsValid)
        {
            Log.ActionRefused(logger, action, target, NameOf(user), verdict.Reason);
            await audit.RecordAsync(NameOf(user), action, target, $"refused: {verdict.Reason}", succeeded: false);
            throw new ForbiddenActionException($"Refused: {verdict.Reason}.");
        }

        var result = await authorization.AuthorizeAsync(user, Policies.Act);
        if (!result.Succeeded)
        {
            // A page only shows Support's buttons to Support: a refusal here is a crafted call, worth a trace.
            await audit.RecordAsync(NameOf(user), action, target, $"refused: takes the {Roles.Support} role", succeeded: false);
            throw new ForbiddenActionException($"{NameOf(user)} may not change anything: that takes the {Roles.Support} role");
        }
    }

    private static string NameOf(ClaimsPrincipal user) => ConsolePrincipal.NameOf(user);

    private static string Describe(SessionSnapshot? session) => session is null
        ? "already gone"
        : string.Create(CultureInfo.InvariantCulture,
            $"state {session.State}, process {session.ProcessId?.ToString(CultureInfo.InvariantCulture) ?? "?"}, idle {session.IdleFor.TotalSeconds:0} s, {session.Requests} requests");
}
