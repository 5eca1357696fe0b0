using System.Globalization;
using System.Security.Claims;
using IocpAdmin.Server.Engine;
using IocpAdmin.Server.Sessions;
using IocpAdmin.Web.Dashboard;
using IocpAdmin.Web.Data;
using IocpAdmin.Web.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace IocpAdmin.Web.Api;

/// <summary>
/// The HTTP API under <c>/api/v1</c>, for the CLI's admin commands and scripts: clients (list, show,
/// disconnect), admission and quarantines. An API token only (no cookie); Operator tokens read,
/// what changes anything takes a Support token (403 otherwise, audited). Every call is audited.
/// Errors are problem details (RFC 9457) with a title that says what to do.
/// </summary>
internal static class ApiEndpoints
{
    public const string Prefix = "/api/v1";

    /// <summary>The largest request body: 100,000 ids fit in well under a megabyte of JSON.</summary>
    public const long MaxBodyBytes = 2 * 1024 * 1024;

    /// <summary>
    /// Every call made with a token is in the audit, with its outcome: registered before
    /// authentication and authorization, so a call they refuse (403) is on record too.
    /// </summary>
    public static void UseApiAudit(this WebApplication app)
    {
        app.UseWhen(context => context.Request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase), api => api.Use(async (context, next) =>
        {
            var failed = true;
            try
            {
                await next(context);
                failed = false;
            }
            finally
            {
                if (ApiTokenAuthentication.TokenIdOf(context.User) is not null)
                {
                    // A call that ended in an exception is on record too, as the 500 it becomes.
                    var status = failed ? StatusCodes.Status500InternalServerError : context.Response.StatusCode;
                    var audit = context.RequestServices.GetRequiredService<AuditLog>();
                    await audit.RecordAsync(ConsolePrincipal.NameOf(context.User), AuditActions.ApiCall, $"{context.Request.Method} {context.Request.Path}",
                        string.Create(CultureInfo.InvariantCulture, $"HTTP {status}{context.Request.QueryString}"), status < 400);
                }
            }
        }));
    }

    public static void MapApi(this WebApplication app)
    {
        var api = app.MapGroup(Prefix).RequireAuthorization(Policies.ApiView).DisableAntiforgery()
            .WithMetadata(new RequestSizeLimitAttribute(MaxBodyBytes));
        api.MapGet("/clients", ListClients);
        api.MapGet("/clients/{id:long}", ShowClient);
        // Changes take a Support token, checked before the body is read (and again by the action).
        api.MapPost("/clients/disconnect", DisconnectAsync).RequireAuthorization(Policies.ApiAct);
        api.MapGet("/overview", Overview);
        api.MapGet("/admission", (RecordServer server) => TypedResults.Ok(new AdmissionJson(server.Admission.ToString())));
        api.MapPut("/admission", SetAdmissionAsync).RequireAuthorization(Policies.ApiAct);
        api.MapGet("/quarantines", (RecordServer server) => TypedResults.Ok(server.Quarantines().Select(QuarantineJson.Of).ToList()));
        api.MapDelete("/quarantines/{id:long}", LiftQuarantineAsync).RequireAuthorization(Policies.ApiAct);
        api.MapLatency();
        api.MapSupportBundle();
        // Anything else under the prefix: a JSON 404, not the console's page.
        api.Map("/{**rest}", () => Problem(StatusCodes.Status404NotFound, "No such API endpoint; see docs/api.md."));
    }

    private static readonly System.Text.Json.JsonSerializerOptions s_snapshotJson = new(System.Text.Json.JsonSerializerDefaults.Web)
    {
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() },
    };

    /// <summary>The Overview's figures now (what <c>iocpadmin top</c> shows): the dashboard's latest snapshot.</summary>
    private static IResult Overview(DashboardFeed feed, RecordServer server)
    {
        if (server.State != ServerState.Running)
        {
            return Problem(StatusCodes.Status503ServiceUnavailable, "The record server is not running.");
        }

        // The snapshot's figures, plus where the time goes (what top shows under them).
        var overview = System.Text.Json.JsonSerializer.SerializeToNode(feed.Latest ?? server.Monitor.GetSnapshot(), s_snapshotJson)!.AsObject();
        var latency = LatencyJson.Of(server.Latency.Report(slowEntries: 5));
        overview["latency"] = System.Text.Json.JsonSerializer.SerializeToNode(latency, s_snapshotJson);
        return TypedResults.Json(overview, s_snapshotJson);
    }

    private static IResult ListClients(ClientDirectory directory, string? state, int? idle, string? q, string? verdict, int? pid,
        string? sort, bool? desc, int? page, int? pageSize)
    {
        if (ParseFilter(new ClientFilterJson(state, idle, q, verdict, pid), out var filter) is { } problem)
        {
            return problem;
        }

        var result = directory.Query(new ClientQuery(filter, SortName(sort), desc ?? false, page ?? 0, pageSize ?? ClientQuery.MaxPageSize));
        return TypedResults.Ok(new ClientListJson(result.Total, result.Items.Select(s => ClientJson.Of(s, directory.IdentityOf(s))).ToList()));
    }

    private static IResult ShowClient(ClientDirectory directory, long id)
    {
        if (directory.Detail(id) is not { } detail)
        {
            return Problem(StatusCodes.Status404NotFound,
                string.Create(CultureInfo.InvariantCulture, $"No client {id} is connected, and it is not among the last {RecordServer.RecentlyClosedCapacity} that ended."));
        }

        return TypedResults.Ok(new ClientDetailJson(id, detail.Now is not null,
            detail.Now is { } now ? ClientJson.Of(now, detail.Identity) : null,
            detail.History.Select(HistoryJson.Of).ToList(),
            detail.Closed is { } closed ? ClosedJson.Of(closed) : null));
    }

    private static async Task<IResult> DisconnectAsync(HttpRequest http, ClientDirectory directory, AdminActions actions, RecordServer server, ClaimsPrincipal user)
    {
        var (body, bad) = await ReadAsync<DisconnectJson>(http, "{ \"ids\": [...] or \"filter\": {...}, \"reason\": \"...\" }");
        if (body is null)
        {
            return bad!;
        }

        if ((body.Ids is null) == (body.Filter is null))
        {
            return Problem(StatusCodes.Status400BadRequest, "Give either \"ids\" or \"filter\", not both and not neither.");
        }

        DisconnectMode mode;
        switch (body.Mode?.ToLowerInvariant())
        {
            case null or "graceful":
                mode = DisconnectMode.Graceful;
                break;
            case "now":
                mode = DisconnectMode.Now;
                break;
            default:
                return Problem(StatusCodes.Status400BadRequest, $"\"mode\" is \"graceful\" or \"now\", not \"{body.Mode}\".");
        }

        QuarantineKind? scope = null;
        if (body.Quarantine is { } quarantine)
        {
            if (!IsName(quarantine) || !Enum.TryParse<QuarantineKind>(quarantine, ignoreCase: true, out var parsed))
            {
                return Problem(StatusCodes.Status400BadRequest, $"\"quarantine\" is \"process\" or \"user\", not \"{quarantine}\".");
            }

            scope = parsed;
        }

        if (body.QuarantineSeconds is { } seconds && !(double.IsFinite(seconds) && seconds >= 1 && seconds <= DisconnectRequest.MaxQuarantine.TotalSeconds))
        {
            return Problem(StatusCodes.Status400BadRequest, "\"quarantineSeconds\" is from 1 to 604800 (7 days).");
        }

        List<long> ids;
        string selection;
        if (body.Ids is { } given)
        {
            if (given.Count == 0 || given.Count > 100_000)
            {
                return Problem(StatusCodes.Status400BadRequest, "\"ids\" names 1 to 100,000 clients.");
            }

            ids = given.Distinct().Order().ToList();
            selection = "through the API: ids given";
        }
        else
        {
            if (ParseFilter(body.Filter!, out var filter) is { } problem)
            {
                return problem;
            }

            // Frozen now: the action touches these ids and no others.
            ids = directory.Matching(filter).Select(static s => s.Id).Order().ToList();
            selection = "through the API: " + filter.Describe();
            if (!filter.IsFiltered && body.ExpectedCount is null && !body.DryRun)
            {
                return Problem(StatusCodes.Status400BadRequest, string.Create(CultureInfo.InvariantCulture,
                    $"The filter selects every connected client ({ids.Count} now): confirm with \"expectedCount\": {ids.Count}."));
            }
        }

        if (body.ExpectedCount is { } expected && expected != ids.Count)
        {
            return Problem(StatusCodes.Status409Conflict, string.Create(CultureInfo.InvariantCulture,
                $"The selection has {ids.Count} clients now, not the {expected} expected; nothing was done. Look again and retry."));
        }

        var request = new DisconnectRequest(ids, mode, body.Reason ?? "", selection, scope,
            scope is null ? null : TimeSpan.FromSeconds(body.QuarantineSeconds ?? 600), body.PerSecond);
        if (body.DryRun)
        {
            if (request.Problem(ConsolePrincipal.NameOf(user)) is { } problem)
            {
                return Problem(StatusCodes.Status400BadRequest, problem);
            }

            // What the action would find: the ids connected now, and those already gone.
            var connected = directory.Matching(ClientFilter.All).Select(static s => s.Id).ToHashSet();
            var now = ids.Where(connected.Contains).ToList();
            var gone = ids.Where(id => !connected.Contains(id)).ToList();
            return TypedResults.Ok(new DisconnectResultJson(true, now, [], gone, [], [], 0, string.Create(CultureInfo.InvariantCulture,
                $"would disconnect {now.Count} client{(now.Count == 1 ? "" : "s")}{(gone.Count > 0 ? $" ({gone.Count} already gone)" : "")}"), []));
        }

        if (ids.Count == 0)
        {
            return TypedResults.Ok(new DisconnectResultJson(false, ids, [], [], [], [], 0, "no client matches: nothing to disconnect", []));
        }

        try
        {
            var outcome = await actions.DisconnectAsync(user, request);
            var quarantines = scope is null ? [] : server.Quarantines().Where(q => q.By == ConsolePrincipal.NameOf(user) && q.Scope == scope).Select(QuarantineJson.Of).ToList();
            return TypedResults.Ok(new DisconnectResultJson(false, ids, outcome.Closed, outcome.AlreadyGone, outcome.Forced, outcome.StillOpen,
                Math.Round(outcome.Took.TotalMilliseconds, 1), AdminActions.Describe(outcome), quarantines));
        }
        catch (Exception ex) when (ex is ForbiddenActionException or InvalidActionException)
        {
            return Refused(ex);
        }
    }

    private static async Task<IResult> SetAdmissionAsync(HttpRequest http, AdminActions actions, ClaimsPrincipal user)
    {
        var (body, _) = await ReadAsync<AdmissionJson>(http, "{ \"mode\": \"ready\" }");
        if (body?.Mode is not { } text || !IsName(text) || !Enum.TryParse<AdmissionMode>(text, ignoreCase: true, out var mode))
        {
            return Problem(StatusCodes.Status400BadRequest, "Send { \"mode\": \"ready\" | \"drain\" | \"maintenance\" }.");
        }

        try
        {
            var previous = await actions.SetAdmissionAsync(user, mode);
            return TypedResults.Ok(new AdmissionJson(mode.ToString(), previous.ToString()));
        }
        catch (ForbiddenActionException ex)
        {
            return Refused(ex);
        }
    }

    private static async Task<IResult> LiftQuarantineAsync(long id, AdminActions actions, ClaimsPrincipal user)
    {
        try
        {
            return await actions.LiftQuarantineAsync(user, id)
                ? TypedResults.NoContent()
                : Problem(StatusCodes.Status404NotFound, string.Create(CultureInfo.InvariantCulture, $"No quarantine {id} is in force."));
        }
        catch (ForbiddenActionException ex)
        {
            return Refused(ex);
        }
    }

    /// <summary>The request's JSON body, or the 400 that says what is wrong with it.</summary>
    private static async Task<(T? Body, ProblemHttpResult? Problem)> ReadAsync<T>(HttpRequest http, string example)
        where T : class
    {
        if (!http.HasJsonContentType())
        {
            return (null, Problem(StatusCodes.Status415UnsupportedMediaType, $"Send JSON (Content-Type: application/json), such as {example}."));
        }

        try
        {
            var body = await http.ReadFromJsonAsync<T>(http.HttpContext.RequestAborted);
            return body is null ? (null, Problem(StatusCodes.Status400BadRequest, $"The body is empty; send {example}.")) : (body, null);
        }
        catch (System.Text.Json.JsonException ex)
        {
            return (null, Problem(StatusCodes.Status400BadRequest, $"The body is not the JSON expected ({ex.Message}); send {example}."));
        }
    }

    private static ProblemHttpResult? ParseFilter(ClientFilterJson json, out ClientFilter filter)
    {
        filter = ClientFilter.All;
        SessionState? state = null;
        if (!string.IsNullOrWhiteSpace(json.State))
        {
            if (!IsName(json.State) || !Enum.TryParse<SessionState>(json.State, ignoreCase: true, out var parsed) || parsed == SessionState.Closed)
            {
                return Problem(StatusCodes.Status400BadRequest,
                    $"Unknown state \"{json.State}\": one of {string.Join(", ", Enum.GetNames<SessionState>().Where(n => n != nameof(SessionState.Closed)))}.");
            }

            state = parsed;
        }

        var verdict = VerdictKinds.Parse(json.Verdict);
        if (!string.IsNullOrWhiteSpace(json.Verdict) && verdict is null)
        {
            return Problem(StatusCodes.Status400BadRequest, $"Unknown verdict \"{json.Verdict}\": one of half-frame, not-reading, waiting-for-commit, idle, active.");
        }

        if (json.IdleAtLeastSeconds is < 0)
        {
            return Problem(StatusCodes.Status400BadRequest, "\"idle\" is a number of seconds, 0 or more.");
        }

        filter = new ClientFilter(state, json.IdleAtLeastSeconds, json.Search, verdict, json.ProcessId);
        return null;
    }

    /// <summary>A name, not a number or a list ("1" and "ready,drain" parse as enum values too).</summary>
    private static bool IsName(string text) => text.Length is > 0 and <= 32 && text.All(char.IsAsciiLetter);

    private static string? SortName(string? sort) => sort?.ToLowerInvariant() switch
    {
        null or "" or "id" => "Id",
        "state" => "State",
        "idle" => "IdleFor",
        "requests" => "Requests",
        "connected" => "ConnectedAt",
        "pid" => "ProcessId",
        "verdict" => "Verdict",
        _ => "Id",
    };

    private static ProblemHttpResult Refused(Exception ex) => ex is ForbiddenActionException
        ? Problem(StatusCodes.Status403Forbidden, ex.Message)
        : Problem(StatusCodes.Status400BadRequest, ex.Message);

    private static ProblemHttpResult Problem(int status, string title) => TypedResults.Problem(title: title, statusCode: status);
}
