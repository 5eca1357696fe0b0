using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using IocpAdmin.Web.Security;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace IocpAdmin.Web.Hosting;

/// <summary>
/// Writes the health report as JSON. Anyone gets the status (<c>Healthy</c>, <c>Degraded</c>,
/// <c>Unhealthy</c>, also in the HTTP status: 200, 200, 503), which is all a probe needs. The details
/// (the database's and the pipe's paths, the engine, counts, the store's fault) go only to a signed-in
/// console user or a caller with <c>Auth:HealthToken</c>: they map the machine for anyone else.
/// </summary>
internal static class HealthResponseWriter
{
    private const string BearerPrefix = "Bearer ";

    public static Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        // The answer differs by caller: no shared cache may keep one caller's for another.
        context.Response.Headers.CacheControl = "no-store";
        context.Response.Headers.Vary = "Authorization, Cookie";
        var status = report.Status.ToString();
        if (!MaySeeDetails(context))
        {
            return JsonSerializer.SerializeAsync(context.Response.Body, new { status }, cancellationToken: context.RequestAborted);
        }

        var entries = report.Entries.ToDictionary(
            e => e.Key,
            e => new { status = e.Value.Status.ToString(), description = e.Value.Description, data = e.Value.Data });
        return JsonSerializer.SerializeAsync(context.Response.Body, new { status, entries }, cancellationToken: context.RequestAborted);
    }

    /// <summary>A signed-in console user (the cookie, checked against its session), or the health token.</summary>
    internal static bool MaySeeDetails(HttpContext context)
    {
        if (context.User.Identity?.IsAuthenticated == true)
        {
            return true;
        }

        var token = context.RequestServices.GetRequiredService<IOptions<ConsoleAuthOptions>>().Value.HealthToken;
        var header = context.Request.Headers.Authorization.ToString();
        return !string.IsNullOrEmpty(token)
               && header.StartsWith(BearerPrefix, StringComparison.OrdinalIgnoreCase)
               && TokensMatch(header[BearerPrefix.Length..].Trim(), token);
    }

    /// <summary>Compares digests in fixed time: neither the content nor the length of the token leaks through timing.</summary>
    private static bool TokensMatch(string offered, string expected) =>
        CryptographicOperations.FixedTimeEquals(
            SHA256.HashData(Encoding.UTF8.GetBytes(offered)), SHA256.HashData(Encoding.UTF8.GetBytes(expected)));
}
