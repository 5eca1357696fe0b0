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
    ApiTokens tokens,
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
        var how = $"{request.Mode.ToString().ToLowerInvariant()}, reason {JsonSerializer.Serialize(reason, s_quoted)}" +
                  (request.PerSecond is { } rate ? string.Create(CultureInfo.InvariantCulture, $", {rate:0.#} per second") : "");
        var selection = request.Selection.Trim().TrimEnd('.');
        var what = $"{how}; ids {Ranges(request.Ids)}; {selection}";
        var quarantined = string.Empty;
        if (request.QuarantineKind is { } scope)
        {
            // Before the disconnect, so a client that reconnects at once is already kept out.
            if (QuarantineKeys(request.Ids, scope, out var keys) is { } missing)
            {
                await audit.RecordAsync(name, AuditActions.DisconnectClient, target, $"{what}; refused: {missing}", succeeded: false);
                throw new InvalidActionException(missing);
            }

            IReadOnlyList<Quarantine> added;
            try
            {
                added = server.AddQuarantines(scope, keys, reason, name, request.QuarantineFor!.Value);
            }
            catch (InvalidOperationException ex)
            {
                await audit.RecordAsync(name, AuditActions.DisconnectClient, target, $"{what}; refused: {ex.Message}", succeeded: false);
                throw new InvalidActionException(ex.Message);
            }

            var targets = added.Count <= 5 ? string.Join(", ", added.Select(static q => q.Target)) : $"{added.Count} {(scope == QuarantineKind.Process ? "processes" : "users")}";
            quarantined = added.Count == 0 ? "" : string.Create(CultureInfo.InvariantCulture,
                $"; quarantined {targets} until {added[0].Until.UtcDateTime:yyyy-MM-dd HH:mm:ss}Z");
        }

        DisconnectOutcome outcome;
        try
        {
            outcome = await server.DisconnectAsync(request.Ids, request.Mode, DisconnectRequest.Told(name, reason), DisconnectGracePeriod, request.PerSecond);
        }
        catch (Exception ex)
        {
            // Some clients may be closed already: the attempt is on record whatever happened.
            await audit.RecordAsync(name, AuditActions.DisconnectClient, target, $"{how}; failed: {ex.Message}; ids {Ranges(request.Ids)}; {selection}", succeeded: false);
            throw;
        }

        // The ids and the outcome first: the entry is cut at 512 characters, and the selection's words matter least.
        var details = string.Create(CultureInfo.InvariantCulture, $"{how}; {Describe(outcome)}; ids {Ranges(request.Ids)}{quarantined}; {selection}");
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

    /// <summary>Ends a quarantine before its time (Support); false if it was not in force (any more).</summary>
    public async Task<bool> LiftQuarantineAsync(ClaimsPrincipal user, long id)
    {
        var target = string.Create(CultureInfo.InvariantCulture, $"quarantine {id}");
        await EnsureAllowedAsync(user, AuditActions.LiftQuarantine, target);
        var lifted = server.LiftQuarantine(id, NameOf(user));
        await audit.RecordAsync(NameOf(user), AuditActions.LiftQuarantine, lifted?.Target ?? target,
            lifted is null ? "was not in force" : string.Create(CultureInfo.InvariantCulture, $"lifted; it had refused {lifted.Refused} connections"), lifted is not null);
        return lifted is not null;
    }

    /// <summary>
    /// The process ids (or user ids) of the connected clients among <paramref name="ids"/>; returns
    /// why not when one of them has none on this transport.
    /// </summary>
    private string? QuarantineKeys(IReadOnlyList<long> ids, QuarantineKind scope, out List<long> keys)
    {
        var wanted = ids.ToHashSet();
        keys = [];
        foreach (var client in server.Monitor.GetSessions().Where(s => wanted.Contains(s.Id)))
        {
            long? key = scope == QuarantineKind.Process ? client.ProcessId : client.UserId;
            if (key is null)
            {
                return string.Create(CultureInfo.InvariantCulture,
                    $"Client {client.Id}'s {(scope == QuarantineKind.Process ? "process" : "user")} is not known on this pipe transport, so it cannot be quarantined.");
            }

            if (!keys.Contains(key.Value))
            {
                keys.Add(key.Value);
            }
        }

        return null;
    }

    /// <summary>
    /// Creates an API token for <paramref name="user"/>, carrying <paramref name="role"/>: their own role
    /// or less (an Operator makes Operator tokens). Signed-in users only: a token cannot make tokens.
    /// Returns the secret, shown once.
    /// </summary>
    public async Task<(ApiToken Token, string Secret)> CreateTokenAsync(ClaimsPrincipal user, string name, string role)
    {
        var who = NameOf(user);
        var target = name.Length > 48 ? name[..48] : name;
        await EnsureSignedInAsync(user, AuditActions.CreateToken, target);
        if (role == Roles.Support && !user.IsInRole(Roles.Support))
        {
            await audit.RecordAsync(who, AuditActions.CreateToken, target, $"refused: a token carries its maker's role or less, and {who} is not {Roles.Support}", succeeded: false);
            throw new ForbiddenActionException($"A token carries your role or less: {who} may make {Roles.Operator} tokens only.");
        }

        try
        {
            var created = await tokens.CreateAsync(name, role, who, CancellationToken.None);
            await audit.RecordAsync(who, AuditActions.CreateToken, created.Token.Name, $"role {created.Token.Role}", succeeded: true);
            return created;
        }
        catch (InvalidOperationException ex)
        {
            await audit.RecordAsync(who, AuditActions.CreateToken, target, $"refused: {ex.Message}", succeeded: false);
            throw new InvalidActionException(ex.Message);
        }
    }

    /// <summary>Revokes a token: its maker may, and Support may revoke any. False when no live token has that name.</summary>
    public async Task<bool> RevokeTokenAsync(ClaimsPrincipal user, ApiToken token)
    {
        var who = NameOf(user);
        await EnsureSignedInAsync(user, AuditActions.RevokeToken, token.Name);
        if (token.CreatedBy != who && !user.IsInRole(Roles.Support))
        {
            await audit.RecordAsync(who, AuditActions.RevokeToken, token.Name, $"refused: only its maker or {Roles.Support} may revoke it", succeeded: false);
            throw new ForbiddenActionException($"Only the token's maker or {Roles.Support} may revoke it.");
        }

        var revoked = await tokens.RevokeAsync(token.Name, who, CancellationToken.None);
        await audit.RecordAsync(who, AuditActions.RevokeToken, token.Name, revoked ? "revoked" : "was not live", revoked);
        return revoked;
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

    /// <summary>A valid console sign-in (not an API token), whatever the role.</summary>
    private async Task EnsureSignedInAsync(ClaimsPrincipal user, string action, string target)
    {
        var verdict = await signIns.CheckAsync(user, CancellationToken.None);
        if (!verdict.IsValid || ApiTokenAuthentication.TokenIdOf(user) is not null)
        {
            var reason = verdict.IsValid ? "tokens are managed by signed-in users only" : verdict.Reason;
            await audit.RecordAsync(NameOf(user), action, target, $"refused: {reason}", succeeded: false);
            throw new ForbiddenActionException($"Refused: {reason}.");
        }
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
