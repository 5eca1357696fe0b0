using System.Globalization;
using System.Security.Claims;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
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
    AuditLog audit,
    IAuthorizationService authorization,
    SignInValidator signIns,
    AccountLockouts lockouts,
    ILogger<AdminActions> logger)
{
    private static readonly JsonSerializerOptions s_quoted = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>How long a graceful disconnect waits for a client to take its answers before closing it at once.</summary>
    public static readonly TimeSpan DisconnectGracePeriod = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Disconnects exactly the clients <paramref name="request"/> names and returns once their
    /// connections are closed (or says which are not). One audit entry for the whole action, with
    /// the selection, the ids, the reason and the outcome; also when it found nothing to close, and
    /// when it was refused.
    /// </summary>
    public async Task<DisconnectOutcome> DisconnectAsync(ClaimsPrincipal user, DisconnectRequest request)
    {
        var target = TargetOf(request.Ids);
        var name = NameOf(user);
        await EnsureAllowedAsync(user, AuditActions.DisconnectClient, target);
        if (request.Problem(name) is { } problem)
        {
            await audit.RecordAsync(name, AuditActions.DisconnectClient, target, $"refused: {problem}", succeeded: false);
            throw new InvalidActionException(problem);
        }

        var reason = request.Reason.Trim();
        // Quoted as JSON, so a reason cannot pass for the entry's own separators.
        var what = $"{request.Mode.ToString().ToLowerInvariant()}, reason {JsonSerializer.Serialize(reason, s_quoted)}; {request.Selection.Trim().TrimEnd('.')}";
        DisconnectOutcome outcome;
        try
        {
            outcome = await server.DisconnectAsync(request.Ids, request.Mode, DisconnectRequest.Told(name, reason), DisconnectGracePeriod);
        }
        catch (Exception ex)
        {
            // Some clients may be closed already: the attempt is on record whatever happened.
            await audit.RecordAsync(name, AuditActions.DisconnectClient, target, $"{what}; failed: {ex.Message}; ids {Ranges(request.Ids)}", succeeded: false);
            throw;
        }

        var details = string.Create(CultureInfo.InvariantCulture, $"{what}; {Describe(outcome)}; ids {Ranges(request.Ids)}");
        await audit.RecordAsync(name, AuditActions.DisconnectClient, target, details, succeeded: outcome.Closed.Count > 0 && outcome.StillOpen.Count == 0);
        return outcome;
    }

    /// <summary>The outcome in words: "closed 3 (1 of them at once after the grace period), 1 already gone, 0 still open, in 41 ms".</summary>
    public static string Describe(DisconnectOutcome outcome) => string.Create(CultureInfo.InvariantCulture,
        $"closed {outcome.Closed.Count}{(outcome.Forced.Count > 0 ? $" ({outcome.Forced.Count} at once after the grace period)" : "")}, " +
        $"{outcome.AlreadyGone.Count} already gone, {outcome.StillOpen.Count} still open, in {outcome.Took.TotalMilliseconds:0} ms");

    /// <summary>How long Maintenance lets connected clients finish before it disconnects them (gracefully).</summary>
    public static readonly TimeSpan MaintenanceGracePeriod = TimeSpan.FromSeconds(30);

    /// <summary>Sets whether the server takes new clients (Support); audited. Returns the mode it replaced.</summary>
    public async Task<AdmissionMode> SetAdmissionAsync(ClaimsPrincipal user, AdmissionMode mode)
    {
        var name = NameOf(user);
        await EnsureAllowedAsync(user, AuditActions.SetAdmission, "server");
        var previous = server.SetAdmission(mode, MaintenanceGracePeriod, DisconnectRequest.Told(name, "the server is going into maintenance"));
        var what = mode == AdmissionMode.Maintenance
            ? string.Create(CultureInfo.InvariantCulture, $"{mode} (was {previous}): clients still connected in {MaintenanceGracePeriod.TotalSeconds:0} s are disconnected")
            : $"{mode} (was {previous})";
        await audit.RecordAsync(name, AuditActions.SetAdmission, "server", what, succeeded: true);
        return previous;
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

    private static string TargetOf(IReadOnlyList<long> ids) => ids.Count switch
    {
        0 => "no clients",
        1 => string.Create(CultureInfo.InvariantCulture, $"client {ids[0]}"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{ids.Count} clients"),
    };

    /// <summary>Ids as ascending ranges ("4-9, 12, 15-20"), cut short to fit an audit entry.</summary>
    internal static string Ranges(IReadOnlyList<long> ids)
    {
        var sorted = ids.Distinct().Order().ToList();
        var text = new StringBuilder();
        for (var i = 0; i < sorted.Count;)
        {
            var j = i;
            while (j + 1 < sorted.Count && sorted[j + 1] == sorted[j] + 1)
            {
                j++;
            }

            var part = i == j ? sorted[i].ToString(CultureInfo.InvariantCulture) : string.Create(CultureInfo.InvariantCulture, $"{sorted[i]}-{sorted[j]}");
            if (text.Length + part.Length > 300)
            {
                text.Append(CultureInfo.InvariantCulture, $", and {sorted.Count - i} more");
                break;
            }

            text.Append(text.Length == 0 ? "" : ", ").Append(part);
            i = j + 1;
        }

        return text.Length == 0 ? "none" : text.ToString();
    }
}
