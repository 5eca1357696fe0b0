using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace IocpAdmin.Web.History;

/// <summary>
/// The Overview's history in its own SQLite file: a row a second for 24 hours and a row a minute
/// (averages, and the queue's maximum) for 30 days, so the file stays bounded (about 10 MB at most).
/// Reads are downsampled in SQL to the number of points a chart can show.
/// </summary>
public sealed class HistoryStore
{
    /// <summary>How long the per-second rows are kept.</summary>
    public static readonly TimeSpan SecondsKept = TimeSpan.FromHours(24);

    /// <summary>How long the per-minute rows are kept.</summary>
    public static readonly TimeSpan MinutesKept = TimeSpan.FromDays(30);

    // Writes per commit over a step: weighted by the commits (a quiet second's 0 does not dilute a busy one's 100).
    private const string WritesPerCommit = "coalesce(sum(writes * commits) / nullif(sum(commits), 0), 0)";

    private const string Columns = "requests, queue, queue_max, active, busy, clients, commits, writes, bytes_in, bytes_out";

    private static readonly string[] s_parameterNames = ["$at", "$r", "$q", "$qm", "$a", "$b", "$c", "$cm", "$w", "$i", "$o"];
    private readonly string _connectionString;
    private readonly Lock _schemaGate = new();
    private bool _ready;

    public HistoryStore(IOptions<HistoryOptions> options, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(options);
        FilePath = ResolvePath(options.Value.Path, configuration.GetConnectionString("Records") ?? "Data Source=records.db");
        _connectionString = new SqliteConnectionStringBuilder { DataSource = FilePath, Pooling = true }.ToString();
    }

    /// <summary>The history file.</summary>
    public string FilePath { get; }

    /// <summary>Appends per-second points (a point for a second already there replaces it).</summary>
    public void AppendSeconds(IReadOnlyCollection<HistoryPoint> points)
    {
        ArgumentNullException.ThrowIfNull(points);
        if (points.Count == 0)
        {
            return;
        }

        using var connection = Open();
        using var transaction = connection.BeginTransaction();
        using var insert = connection.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = $"INSERT OR REPLACE INTO seconds (at, {Columns}) VALUES ($at, $r, $q, $qm, $a, $b, $c, $cm, $w, $i, $o)";
        var parameters = s_parameterNames.Select(name => insert.Parameters.Add(name, SqliteType.Real)).ToArray();
        parameters[0].SqliteType = SqliteType.Integer;
        foreach (var point in points)
        {
            parameters[0].Value = point.At.ToUnixTimeSeconds();
            parameters[1].Value = point.RequestsPerSecond;
            parameters[2].Value = point.QueueDepth;
            parameters[3].Value = point.QueueDepthMax;
            parameters[4].Value = point.ActiveWorkers;
            parameters[5].Value = point.BusyPercent;
            parameters[6].Value = point.Clients;
            parameters[7].Value = point.CommitsPerSecond;
            parameters[8].Value = point.WritesPerCommit;
            parameters[9].Value = point.BytesReceivedPerSecond;
            parameters[10].Value = point.BytesSentPerSecond;
            insert.ExecuteNonQuery();
        }

        transaction.Commit();
    }

    /// <summary>
    /// Rolls the per-second rows of every whole minute from <paramref name="since"/> up to (not
    /// including) <paramref name="until"/>'s minute into per-minute rows; idempotent.
    /// </summary>
    public void RollUpMinutes(DateTimeOffset since, DateTimeOffset until)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"""
            INSERT OR REPLACE INTO minutes (at, {Columns})
            SELECT (at / 60) * 60, avg(requests), avg(queue), max(queue_max), avg(active), avg(busy), avg(clients), avg(commits), {WritesPerCommit}, avg(bytes_in), avg(bytes_out)
            FROM seconds WHERE at >= $since AND at < $until GROUP BY at / 60
            """;
        command.Parameters.AddWithValue("$since", since.ToUnixTimeSeconds() / 60 * 60);
        command.Parameters.AddWithValue("$until", until.ToUnixTimeSeconds() / 60 * 60);
        command.ExecuteNonQuery();
    }

    /// <summary>The newest per-minute row's time, or null with none: where the roll-up goes on from after a restart.</summary>
    public DateTimeOffset? LastRolledUpMinute()
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT max(at) FROM minutes";
        return command.ExecuteScalar() is long at ? DateTimeOffset.FromUnixTimeSeconds(at) : null;
    }

    /// <summary>Deletes what is older than the retention (<see cref="SecondsKept"/>, <see cref="MinutesKept"/>).</summary>
    public void Prune(DateTimeOffset now)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = "DELETE FROM seconds WHERE at < $seconds; DELETE FROM minutes WHERE at < $minutes;";
        command.Parameters.AddWithValue("$seconds", (now - SecondsKept).ToUnixTimeSeconds());
        command.Parameters.AddWithValue("$minutes", (now - MinutesKept).ToUnixTimeSeconds());
        command.ExecuteNonQuery();
    }

    /// <summary>
    /// The points from <paramref name="from"/> to <paramref name="to"/>, oldest first, at most about
    /// <paramref name="maxPoints"/>: per-second rows while the range is within the last 24 hours,
    /// else per-minute rows, averaged over equal steps (the queue's maximum is the step's maximum).
    /// A step with no row (the server was down) is absent, so a chart shows the gap as a straight line
    /// between its neighbours; the tooltips' times tell.
    /// </summary>
    public IReadOnlyList<HistoryPoint> Read(DateTimeOffset from, DateTimeOffset to, int maxPoints)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxPoints, 2);
        var span = to - from;
        if (span <= TimeSpan.Zero)
        {
            return [];
        }

        var perSecond = from >= DateTimeOffset.UtcNow - SecondsKept;
        var resolution = perSecond ? 1 : 60;
        var step = Math.Max(resolution, (long)Math.Ceiling(span.TotalSeconds / maxPoints));
        step = (step + resolution - 1) / resolution * resolution;
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = string.Create(CultureInfo.InvariantCulture, $"""
            SELECT (at / {step}) * {step}, avg(requests), avg(queue), max(queue_max), avg(active), avg(busy), avg(clients), avg(commits), {WritesPerCommit}, avg(bytes_in), avg(bytes_out)
            FROM {(perSecond ? "seconds" : "minutes")} WHERE at >= $from AND at <= $to GROUP BY at / {step} ORDER BY 1
            """);
        command.Parameters.AddWithValue("$from", from.ToUnixTimeSeconds());
        command.Parameters.AddWithValue("$to", to.ToUnixTimeSeconds());
        var points = new List<HistoryPoint>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            points.Add(new HistoryPoint(DateTimeOffset.FromUnixTimeSeconds(reader.GetInt64(0)), reader.GetDouble(1), reader.GetDouble(2),
                reader.GetDouble(3), reader.GetDouble(4), reader.GetDouble(5), reader.GetDouble(6), reader.GetDouble(7), reader.GetDouble(8),
                reader.GetDouble(9), reader.GetDouble(10)));
        }

        return points;
    }

    /// <summary>The file's size in bytes (0 before it exists).</summary>
    public long SizeBytes => File.Exists(FilePath) ? new FileInfo(FilePath).Length : 0;

    internal static string ResolvePath(string configured, string recordsConnectionString)
    {
        if (configured.Length > 0)
        {
            return System.IO.Path.GetFullPath(configured);
        }

        string? source;
        try
        {
            source = new SqliteConnectionStringBuilder(recordsConnectionString).DataSource;
        }
        catch (ArgumentException)
        {
            source = null;
        }

        var beside = source is { Length: > 0 } && !source.StartsWith(':') && !source.StartsWith("file:", StringComparison.Ordinal)
            ? System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(source))
            : null;
        return System.IO.Path.Combine(beside ?? Directory.GetCurrentDirectory(), "history.db");
    }

    private SqliteConnection Open()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        if (!_ready)
        {
            lock (_schemaGate)
            {
                if (!_ready)
                {
                    using var schema = connection.CreateCommand();
                    const string Table = "(at INTEGER PRIMARY KEY, requests REAL, queue REAL, queue_max REAL, active REAL, busy REAL, clients REAL, commits REAL, writes REAL, bytes_in REAL, bytes_out REAL)";
                    schema.CommandText = $"PRAGMA journal_mode=WAL; CREATE TABLE IF NOT EXISTS seconds {Table}; CREATE TABLE IF NOT EXISTS minutes {Table};";
                    schema.ExecuteNonQuery();
                    _ready = true;
                }
            }
        }

        using var pragma = connection.CreateCommand();
        pragma.CommandText = "PRAGMA synchronous=NORMAL;";
        pragma.ExecuteNonQuery();
        return connection;
    }
}
