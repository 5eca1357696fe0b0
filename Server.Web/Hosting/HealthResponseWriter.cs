using System.Text.Json;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace IocpAdmin.Web.Hosting;

/// <summary>Writes the health report as JSON: status, description and the server's figures.</summary>
internal static class HealthResponseWriter
{
    public static Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        var entries = report.Entries.ToDictionary(
            e => e.Key,
            e => new { status = e.Value.Status.ToString(), description = e.Value.Description, data = e.Value.Data });
        return JsonSerializer.SerializeAsync(context.Response.Body, new { status = report.Status.ToString(), entries },
            cancellationToken: context.RequestAborted);
    }
}
