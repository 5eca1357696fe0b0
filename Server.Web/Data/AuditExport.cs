using System.Globalization;
using System.Text;
using System.Text.Json;
using IocpAdmin.Web.Security;

namespace IocpAdmin.Web.Data;

/// <summary>
/// <c>GET /audit/export?format=csv|json&amp;user=&amp;action=&amp;since=&amp;q=</c>: the audit entries the
/// Audit page's filters select, newest first (at most <see cref="AuditLog.MaxExport"/>), streamed as
/// a download. For a signed-in console user (the cookie); the export itself is audited.
/// </summary>
internal static class AuditExport
{
    public const string Path = "/audit/export";

    private static readonly JsonSerializerOptions s_json = new(JsonSerializerDefaults.Web);

    public static void MapAuditExport(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapGet(Path, ExportAsync).RequireAuthorization(Policies.View);

    /// <summary>The query string the page links to for its filters now.</summary>
    public static string Link(string format, AuditQuery query)
    {
        var parts = new List<string> { $"format={format}" };
        void Add(string name, string? value)
        {
            if (!string.IsNullOrWhiteSpace(value))
            {
                parts.Add($"{name}={Uri.EscapeDataString(value)}");
            }
        }

        Add("user", query.User);
        Add("action", query.Action);
        Add("since", query.SinceUtc?.ToString("O", CultureInfo.InvariantCulture));
        Add("q", query.Search);
        return Path.TrimStart('/') + "?" + string.Join('&', parts);
    }

    private static async Task ExportAsync(HttpContext context, AuditLog audit, string? format, string? user, string? action, string? since, string? q)
    {
        var kind = (format ?? "csv").ToLowerInvariant();
        var csv = kind == "csv";
        if (kind is not ("csv" or "json"))
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            await context.Response.WriteAsync("format is csv or json");
            return;
        }

        DateTime? sinceUtc = null;
        if (!string.IsNullOrWhiteSpace(since))
        {
            if (!DateTime.TryParse(since, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var parsed))
            {
                context.Response.StatusCode = StatusCodes.Status400BadRequest;
                await context.Response.WriteAsync("since is a time, such as 2026-12-06T03:00:00Z");
                return;
            }

            sinceUtc = parsed;
        }

        var query = new AuditQuery(user, action, sinceUtc, q);
        var stamp = DateTime.UtcNow.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture);
        context.Response.ContentType = csv ? "text/csv; charset=utf-8" : "application/json; charset=utf-8";
        context.Response.Headers.ContentDisposition = $"attachment; filename=\"iocpadmin-audit-{stamp}.{(csv ? "csv" : "json")}\"";
        var rows = 0;
        await using (var writer = new StreamWriter(context.Response.Body, new UTF8Encoding(false), 64 * 1024, leaveOpen: true))
        {
            await writer.WriteAsync(csv ? "when_utc,user,action,target,details,succeeded\r\n" : "[");
            await foreach (var entry in audit.ExportAsync(query, context.RequestAborted))
            {
                if (csv)
                {
                    await writer.WriteAsync(string.Join(',', entry.AtUtc.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture),
                        Field(entry.User), Field(entry.Action), Field(entry.Target), Field(entry.Details), entry.Succeeded ? "true" : "false") + "\r\n");
                }
                else
                {
                    await writer.WriteAsync((rows == 0 ? "\n" : ",\n") + JsonSerializer.Serialize(new
                    {
                        atUtc = DateTime.SpecifyKind(entry.AtUtc, DateTimeKind.Utc), entry.User, entry.Action, entry.Target, entry.Details, entry.Succeeded,
                    }, s_json));
                }

                rows++;
            }

            if (!csv)
            {
                await writer.WriteAsync("\n]\n");
            }
        }

        await audit.RecordAsync(ConsolePrincipal.NameOf(context.User), AuditActions.ExportAudit, csv ? "csv" : "json",
            string.Create(CultureInfo.InvariantCulture, $"{rows} entries; user {user ?? "any"}, action {action ?? "any"}, since {since ?? "ever"}, search {q ?? "none"}"), succeeded: true);
    }

    /// <summary>
    /// One CSV field, quoted when it must be; a field a spreadsheet would run as a formula
    /// (=, +, -, @, tab, carriage return) is prefixed with an apostrophe.
    /// </summary>
    internal static string Field(string value)
    {
        if (value.Length > 0 && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r')
        {
            value = "'" + value;
        }

        return value.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }
}
