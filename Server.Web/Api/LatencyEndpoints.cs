using IocpAdmin.Server.Diagnostics.Latency;
using IocpAdmin.Server.Engine;
using IocpAdmin.Web.Data;
using IocpAdmin.Web.Security;

namespace IocpAdmin.Web.Api;

/// <summary>Where the time goes, over the API: <c>/latency</c> (stages, doctor, newest slow requests) and <c>/slowlog</c>.</summary>
internal static class LatencyEndpoints
{
    public static void MapLatency(this RouteGroupBuilder api)
    {
        api.MapGet("/latency", (RecordServer server, int? slow) => Read(server, slow ?? 20));
        api.MapGet("/slowlog", (RecordServer server, int? limit) => Read(server, limit ?? SlowLog.MaxCapacity, slowOnly: true));
        api.MapDelete("/slowlog", ResetAsync).RequireAuthorization(Policies.ApiAct);
    }

    private static IResult Read(RecordServer server, int entries, bool slowOnly = false)
    {
        if (entries is < 0 or > SlowLog.MaxCapacity)
        {
            return TypedResults.Problem(title: $"The number of slow requests asked for is from 0 to {SlowLog.MaxCapacity}.", statusCode: StatusCodes.Status400BadRequest);
        }

        if (server.State != ServerState.Running)
        {
            return TypedResults.Problem(title: "The record server is not running.", statusCode: StatusCodes.Status503ServiceUnavailable);
        }

        if (slowOnly)
        {
            return TypedResults.Ok(server.Latency.SlowLog.Entries().Take(entries).Select(SlowRequestJson.Of).ToList());
        }

        return TypedResults.Ok(LatencyJson.Of(server.Latency.Report(entries)));
    }

    private static async Task<IResult> ResetAsync(RecordServer server, AuditLog audit, HttpContext context)
    {
        if (server.State != ServerState.Running)
        {
            return TypedResults.Problem(title: "The record server is not running.", statusCode: StatusCodes.Status503ServiceUnavailable);
        }

        var removed = server.Latency.SlowLog.Entries().Count;
        server.Latency.SlowLog.Clear();
        await audit.RecordAsync(ConsolePrincipal.NameOf(context.User), AuditActions.SlowLogReset, "slow log",
            $"{removed} entries removed", true);
        return TypedResults.NoContent();
    }
}
