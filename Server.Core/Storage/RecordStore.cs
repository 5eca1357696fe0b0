using System.Diagnostics;
using System.Diagnostics.Metrics;
using IocpAdmin.Protocol;
using IocpAdmin.Server.Diagnostics;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace IocpAdmin.Server.Storage;

/// <summary>
/// The records: durable in SQLite (schema by EF Core migration, WAL journal), written by one
/// group-committing writer thread, and read from an in-memory index of what has committed.
/// Reads never touch the database and never block; a write is acknowledged only after its commit.
/// </summary>
public sealed class RecordStore : IDisposable
{
    private readonly RecordIndex _index;
    private readonly StoreWriter _writer;
    private readonly SqliteConnection _writerConnection;
    private readonly DbContextOptions<RecordsDbContext> _contextOptions;
    private readonly ILogger _logger;
    private int _closed;

    private RecordStore(RecordIndex index, StoreWriter writer, SqliteConnection writerConnection,
        DbContextOptions<RecordsDbContext> contextOptions, StoreStatistics statistics, string dataSource, ILogger logger)
    {
        _index = index;
        _writer = writer;
        _writerConnection = writerConnection;
        _contextOptions = contextOptions;
        Statistics = statistics;
        DataSource = dataSource;
        _logger = logger;
    }

    /// <summary>The database file (full path).</summary>
    public string DataSource { get; }

    public StoreStatistics Statistics { get; }

    /// <summary>Committed records.</summary>
    public long Count => _index.Count;

    /// <summary>The id the next ADD will get.</summary>
    public ulong NextId => _writer.NextId;

    /// <summary>
    /// Opens (creating if needed) the database, applies pending migrations, loads the committed
    /// records into memory and starts the writer.
    /// </summary>
    public static async Task<RecordStore> OpenAsync(StoreOptions options, ILoggerFactory loggerFactory, Meter? meter = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        var logger = loggerFactory.CreateLogger<RecordStore>();
        var started = Stopwatch.GetTimestamp();
        var dataSource = DescribeDataSource(options.ConnectionString);
        var contextOptions = new DbContextOptionsBuilder<RecordsDbContext>()
            .UseSqlite(options.ConnectionString, sqlite => sqlite.CommandTimeout(options.BusyTimeoutSeconds))
            .Options;
        var index = new RecordIndex();
        SqliteConnection? connection = null;
        try
        {
            ulong nextId;
            await using (var context = new RecordsDbContext(contextOptions))
            {
                await context.Database.MigrateAsync(cancellationToken);
                // WAL is a property of the file: set once, every later connection uses it.
                await context.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
                await foreach (var record in context.Records.AsNoTracking().OrderBy(r => r.Id).AsAsyncEnumerable()
                                   .WithCancellation(cancellationToken))
                {
                    index.Add((ulong)record.Id, record.A, record.B);
                }

                var sequence = await context.Database
                    .SqlQueryRaw<long>("SELECT seq AS Value FROM sqlite_sequence WHERE name = 'Records'")
                    .ToListAsync(cancellationToken);
                nextId = Math.Max(sequence.Count > 0 ? (ulong)sequence[0] : 0, index.HighestId) + 1;
            }

            // DefaultTimeout bounds the BEGIN IMMEDIATE that BeginTransaction runs, which does not
            // use a command's timeout: left at its 30 s default, a lock held by another process
            // stalled every writer for 2 minutes (4 attempts) instead of Store:BusyTimeoutSeconds.
            connection = new SqliteConnection(options.ConnectionString) { DefaultTimeout = options.BusyTimeoutSeconds };
            connection.Open();
            using (var pragma = connection.CreateCommand())
            {
                pragma.CommandText = options.Synchronous == SynchronousKind.Full
                    ? "PRAGMA synchronous=FULL;"
                    : "PRAGMA synchronous=NORMAL;";
                pragma.ExecuteNonQuery();
            }

            var statistics = new StoreStatistics(meter);
            var writer = new StoreWriter(connection, index, nextId, options, statistics, logger);
            writer.Start();
            Log.StoreOpened(logger, dataSource, index.Count, nextId, (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            return new RecordStore(index, writer, connection, contextOptions, statistics, dataSource, logger);
        }
        catch (SqliteException ex)
        {
            connection?.Dispose();
            throw new StoreUnavailableException($"Cannot open the record store '{dataSource}': {ex.Message}", ex);
        }
    }

    public bool TryGet(ulong id, out int a, out int b) => _index.TryGet(id, out a, out b);

    /// <summary>Fills <paramref name="destination"/> with committed records whose id is above <paramref name="afterId"/>, ascending.</summary>
    public int List(ulong afterId, Span<RecordEntry> destination) => _index.List(afterId, destination);

    /// <summary>A context for queries the console runs against the database itself (paging, audit).</summary>
    public RecordsDbContext CreateDbContext() => new(_contextOptions);

    /// <summary>Adds a record through the same writer as the pipe clients; returns its id once committed.</summary>
    public async Task<ulong> AddAsync(int a, int b)
    {
        var batch = await RunAsync(batch => batch.AddInsert(a, b));
        return batch[0].Id;
    }

    /// <summary>Deletes a record through the writer; false if it did not exist.</summary>
    public async Task<bool> DeleteAsync(ulong id)
    {
        var batch = await RunAsync(batch => batch.AddDelete(id));
        return batch[0].Status == StatusKind.Ok;
    }

    /// <summary>Queues a batch for the next commit; its owner is told when it is done.</summary>
    internal void Submit(StoreBatch batch) => _writer.Submit(batch);

    /// <summary>Commits everything queued, stops the writer and closes the database.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _closed, 1) != 0)
        {
            return;
        }

        _writer.Stop();
        _writer.Dispose();
        _writerConnection.Dispose();
        // Pooled connections keep the file open; a stopped store must let it go (tests delete it).
        SqliteConnection.ClearPool(_writerConnection);
        Log.StoreClosed(_logger, Statistics.Commits, Statistics.OperationsCommitted);
    }

    private async Task<StoreBatch> RunAsync(Action<StoreBatch> fill)
    {
        var sink = new TaskSink();
        var batch = new StoreBatch(sink, 1);
        fill(batch);
        _writer.Submit(batch);
        await sink.Completed;
        if (batch[0].Status == StatusKind.Error)
        {
            throw new StoreUnavailableException(batch.ErrorReason ?? "the record store failed");
        }

        return batch;
    }

    private static string DescribeDataSource(string connectionString)
    {
        try
        {
            var source = new SqliteConnectionStringBuilder(connectionString).DataSource;
            return source.Length == 0 || source.StartsWith(':') || source.StartsWith("file:", StringComparison.Ordinal)
                ? source
                : Path.GetFullPath(source);
        }
        catch (ArgumentException ex)
        {
            throw new StoreUnavailableException($"The connection string '{connectionString}' is not valid: {ex.Message}", ex);
        }
    }

    private sealed class TaskSink : IStoreCompletionSink
    {
        private readonly TaskCompletionSource _completed = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task Completed => _completed.Task;

        public void OnStoreCompleted(StoreBatch batch) => _completed.SetResult();
    }
}
