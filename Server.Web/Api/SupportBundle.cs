using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Text.Json;
using IocpAdmin.Server.Engine;
using IocpAdmin.Web.Dashboard;
using IocpAdmin.Web.Data;
using IocpAdmin.Web.History;
using IocpAdmin.Web.Security;

namespace IocpAdmin.Web.Api;

/// <summary>
/// GET /api/v1/support-bundle: one zip with what support asks for first. The Overview's figures now,
/// where the time goes (with the whole slow log), the last 24 hours of history, the connected and
/// the recently closed clients, the newest audit entries, and the configuration with its secrets
/// removed. Built in memory (a few megabytes at most) and audited.
/// </summary>
internal static class SupportBundle
{
    /// <summary>The configuration sections a bundle carries; nothing else (the environment holds other programs' secrets).</summary>
    private static readonly string[] s_sections = ["Urls", "Engine", "Store", "Dashboard", "Diagnostics", "History", "Console", "Auth", "ConnectionStrings", "Logging"];

    /// <summary>A value whose name has any of these in it is replaced by "(removed)".</summary>
    private static readonly string[] s_secretWords = ["password", "secret", "token", "hash", "pwd", "credential"];

    private const int AuditEntries = 1000;

    private static readonly JsonSerializerOptions s_json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() },
    };

    public static void MapSupportBundle(this RouteGroupBuilder api) => api.MapGet("/support-bundle", BuildAsync);

    private static async Task<IResult> BuildAsync(HttpContext context, RecordServer server, ClientDirectory directory,
        HistoryStore history, Microsoft.Extensions.Options.IOptions<HistoryOptions> historyOptions, AuditLog audit, IConfiguration configuration,
        CancellationToken cancellationToken)
    {
        if (server.State != ServerState.Running)
        {
            return TypedResults.Problem(title: "The record server is not running.", statusCode: StatusCodes.Status503ServiceUnavailable);
        }

        var now = DateTimeOffset.UtcNow;
        using var buffer = new MemoryStream();
        var entries = new List<string>();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            void Json(string name, object value)
            {
                Write(zip, name, JsonSerializer.Serialize(value, s_json));
                entries.Add(name);
            }

            Json("overview.json", server.Monitor.GetSnapshot());
            Json("latency.json", LatencyJson.Of(server.Latency.Report(Server.Diagnostics.Latency.SlowLog.MaxCapacity)));
            Json("clients.json", directory.Matching(ClientFilter.All).Select(s => ClientJson.Of(s, directory.IdentityOf(s))).ToList());
            Json("recently-closed.json", server.RecentlyClosed().Select(ClosedJson.Of).ToList());
            Json("configuration.json", Configuration(configuration));
            Write(zip, "history-24h.csv", historyOptions.Value.Enabled ? HistoryCsv(history, now) : "# the history is off (History:Enabled=false)\r\n");
            entries.Add("history-24h.csv");
            Write(zip, "audit.csv", await AuditCsvAsync(audit, cancellationToken));
            entries.Add("audit.csv");
            Write(zip, "README.txt", string.Create(CultureInfo.InvariantCulture, $"""
                IocpAdmin support bundle, made {now:yyyy-MM-dd HH:mm:ss} UTC by {ConsolePrincipal.NameOf(context.User)}.

                overview.json        the Overview's figures now (engine, workers, store, admission)
                latency.json         where the time goes over the last minute, the doctor's findings, the whole slow log
                clients.json         the connected clients with their verdicts
                recently-closed.json the last {RecordServer.RecentlyClosedCapacity} connections that ended, and why
                history-24h.csv      the Overview's history, one row a minute (averages; queue_max the minute's deepest)
                audit.csv            the newest {AuditEntries} audit entries
                configuration.json   the configuration's own sections; passwords, hashes, tokens and keys removed

                Documents: docs/api.md (the JSON), README.md "Operating it".
                """));
        }

        await audit.RecordAsync(ConsolePrincipal.NameOf(context.User), AuditActions.SupportBundle, "support bundle",
            string.Create(CultureInfo.InvariantCulture, $"{buffer.Length} bytes: {string.Join(", ", entries)}"), succeeded: true);
        var stamp = now.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture);
        return TypedResults.File(buffer.ToArray(), "application/zip", $"iocpadmin-support-{stamp}.zip");
    }

    /// <summary>The bundle's sections of the configuration, flattened, with every secret's value removed.</summary>
    internal static SortedDictionary<string, string?> Configuration(IConfiguration configuration)
    {
        var values = new SortedDictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var section in s_sections)
        {
            var root = configuration.GetSection(section);
            if (root.Value is { } single)
            {
                values[section] = Redact(section, single);
            }

            foreach (var (key, value) in root.AsEnumerable(makePathsRelative: false))
            {
                if (value is not null)
                {
                    values[key] = Redact(key, value);
                }
            }
        }

        return values;
    }

    private static string Redact(string key, string value)
    {
        var leaf = key[(key.LastIndexOf(':') + 1)..];
        if (IsSecret(leaf))
        {
            return "(removed)";
        }

        if (!key.StartsWith("ConnectionStrings", StringComparison.OrdinalIgnoreCase) && !leaf.Contains("ConnectionString", StringComparison.OrdinalIgnoreCase))
        {
            return value;
        }

        // A connection string may carry a password among its settings (quoted values included).
        try
        {
            var builder = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = value };
            foreach (var setting in builder.Keys.Cast<string>().Where(IsSecret).ToList())
            {
                builder[setting] = "(removed)";
            }

            return builder.ConnectionString;
        }
        catch (ArgumentException)
        {
            return "(removed: not a valid connection string)";
        }
    }

    /// <summary>A setting whose name says it holds a secret: a password, secret, token, hash, or a key (not a keys folder or file).</summary>
    private static bool IsSecret(string name) =>
        s_secretWords.Any(word => name.Contains(word, StringComparison.OrdinalIgnoreCase))
        || name.EndsWith("key", StringComparison.OrdinalIgnoreCase)
        || name.EndsWith("keys", StringComparison.OrdinalIgnoreCase) && !name.Contains("Directory", StringComparison.OrdinalIgnoreCase);

    private static string HistoryCsv(HistoryStore history, DateTimeOffset now)
    {
        var csv = new StringBuilder("at_utc,requests_per_second,queue,queue_max,active_workers,busy_percent,clients,commits_per_second,writes_per_commit,bytes_in_per_second,bytes_out_per_second\r\n");
        try
        {
            foreach (var p in history.Read(now.AddHours(-24), now, maxPoints: 1440))
            {
                csv.Append(CultureInfo.InvariantCulture, $"{p.At:yyyy-MM-ddTHH:mm:ssZ},{p.RequestsPerSecond:0.##},{p.QueueDepth:0.##},{p.QueueDepthMax:0},{p.ActiveWorkers:0.##},{p.BusyPercent:0.#},{p.Clients:0.##},{p.CommitsPerSecond:0.##},{p.WritesPerCommit:0.##},{p.BytesReceivedPerSecond:0},{p.BytesSentPerSecond:0}\r\n");
            }
        }
        catch (Microsoft.Data.Sqlite.SqliteException ex)
        {
            csv.Append(CultureInfo.InvariantCulture, $"# the history could not be read: {ex.Message}\r\n");
        }

        return csv.ToString();
    }

    private static async Task<string> AuditCsvAsync(AuditLog audit, CancellationToken cancellationToken)
    {
        var (items, _) = await audit.PageAsync(0, AuditEntries, AuditQuery.All, cancellationToken);
        var csv = new StringBuilder("when_utc,user,action,target,details,succeeded\r\n");
        foreach (var entry in items)
        {
            csv.Append(string.Join(',', entry.AtUtc.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture),
                AuditExport.Field(entry.User), AuditExport.Field(entry.Action), AuditExport.Field(entry.Target), AuditExport.Field(entry.Details),
                entry.Succeeded ? "true" : "false")).Append("\r\n");
        }

        return csv.ToString();
    }

    private static void Write(ZipArchive zip, string name, string content)
    {
        var entry = zip.CreateEntry(name, CompressionLevel.Optimal);
        using var stream = entry.Open();
        var bytes = new UTF8Encoding(false).GetBytes(content);
        stream.Write(bytes);
    }
}
