using IocpAdmin.Server.Storage;
using IocpAdmin.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;

namespace IocpAdmin.Tests.Storage;

public sealed class RecordStoreTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    private StoreOptions Options => new() { ConnectionString = $"Data Source={_directory.File("records.db")}" };

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task AddAsync_OnAFreshFile_GivesIdsFromOneUpwards()
    {
        using var store = await RecordStore.OpenAsync(Options, NullLoggerFactory.Instance);

        Assert.Equal(1ul, await store.AddAsync(3, 4));
        Assert.Equal(2ul, await store.AddAsync(5, 6));
        Assert.True(store.TryGet(1, out var a, out var b));
        Assert.Equal((3, 4), (a, b));
    }

    [Fact]
    public async Task AddAsync_WhileAnotherConnectionHoldsTheWriteLock_WaitsRetriesAndCommitsOnceItIsReleased()
    {
        using var logs = new LogCapture();
        using var store = await RecordStore.OpenAsync(new StoreOptions { ConnectionString = Options.ConnectionString, BusyTimeoutSeconds = 1 }, logs.Factory);
        using var other = new SqliteConnection($"{Options.ConnectionString};Pooling=False");
        other.Open();
        var holding = other.BeginTransaction(deferred: false);

        var add = store.AddAsync(7, 8);
        // Event 102: the writer met the lock, waited out its busy timeout and schedules a retry.
        await Eventually.TrueAsync(() => logs.Has(102), TimeSpan.FromSeconds(10), "the writer retries after the busy timeout");
        Assert.False(add.IsCompleted, "the ADD waits for the lock (busy timeout, then retries)");
        holding.Commit();

        Assert.Equal(1ul, await add.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(0, store.Statistics.FailedCommits);
    }

    [Fact]
    public async Task AddAsync_WhenTheWriteLockIsNeverReleased_FailsWithTheReason_ThenRecovers()
    {
        using var store = await RecordStore.OpenAsync(new StoreOptions { ConnectionString = Options.ConnectionString, BusyTimeoutSeconds = 1 }, NullLoggerFactory.Instance);
        using (var other = new SqliteConnection($"{Options.ConnectionString};Pooling=False"))
        {
            other.Open();
            using var holding = other.BeginTransaction(deferred: false);

            var failure = await Assert.ThrowsAsync<StoreUnavailableException>(() => store.AddAsync(1, 1).WaitAsync(TimeSpan.FromSeconds(30)));
            Assert.Contains("database is locked", failure.Message, StringComparison.Ordinal);
            Assert.NotNull(store.Statistics.FailingSince);
        }

        Assert.Equal(2ul, await store.AddAsync(2, 2));
        Assert.Null(store.Statistics.FailingSince);
        Assert.NotNull(store.Statistics.RecoveredAt);
    }

    [Fact]
    public async Task Reopen_AfterDeletingTheNewestRecord_DoesNotReuseItsId()
    {
        using (var store = await RecordStore.OpenAsync(Options, NullLoggerFactory.Instance))
        {
            await store.AddAsync(1, 1);
            await store.AddAsync(2, 2);
            Assert.True(await store.DeleteAsync(2));
        }

        using var reopened = await RecordStore.OpenAsync(Options, NullLoggerFactory.Instance);

        Assert.Equal(3ul, reopened.NextId);
        Assert.Equal(3ul, await reopened.AddAsync(3, 3));
        Assert.Equal(2, reopened.Count);
    }

    [Fact]
    public async Task Reopen_AfterMixedWrites_LoadsExactlyTheCommittedRecords()
    {
        using (var store = await RecordStore.OpenAsync(Options, NullLoggerFactory.Instance))
        {
            for (var i = 1; i <= 100; i++)
            {
                await store.AddAsync(i, -i);
            }

            for (ulong id = 2; id <= 100; id += 2)
            {
                await store.DeleteAsync(id);
            }
        }

        using var reopened = await RecordStore.OpenAsync(Options, NullLoggerFactory.Instance);

        var entries = new RecordEntry[1000];
        var count = reopened.List(0, entries);
        Assert.Equal(50, count);
        Assert.All(entries[..count], e => Assert.Equal(((ulong)e.A, -e.A), (e.Id, e.B)));
        Assert.All(entries[..count], e => Assert.Equal(1ul, e.Id % 2));
    }

    [Fact]
    public async Task ConcurrentAdds_ManyAtOnce_AreGroupedIntoFewerCommits()
    {
        using var store = await RecordStore.OpenAsync(Options, NullLoggerFactory.Instance);

        var ids = await Task.WhenAll(Enumerable.Range(0, 500).Select(i => Task.Run(() => store.AddAsync(i, i))));

        Assert.Equal(500, ids.Distinct().Count());
        Assert.Equal(500, store.Statistics.OperationsCommitted);
        Assert.True(store.Statistics.Commits < 500, $"500 adds took {store.Statistics.Commits} commits: expected group commit");
    }

    [Fact]
    public async Task DeleteAsync_OfAnAbsentId_ReturnsFalseAndChangesNothing()
    {
        using var store = await RecordStore.OpenAsync(Options, NullLoggerFactory.Instance);
        await store.AddAsync(1, 1);

        Assert.False(await store.DeleteAsync(42));
        Assert.Equal(1, store.Count);
    }

    [Fact]
    public async Task Writes_AreInTheDatabaseFileAfterTheirAcknowledgement()
    {
        using var store = await RecordStore.OpenAsync(Options, NullLoggerFactory.Instance);
        var id = await store.AddAsync(77, 88);

        // A separate connection sees the row: it was committed before the acknowledgement.
        using var connection = new SqliteConnection(Options.ConnectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT A, B FROM Records WHERE Id = {id}";
        using var reader = command.ExecuteReader();
        Assert.True(reader.Read());
        Assert.Equal((77, 88), (reader.GetInt32(0), reader.GetInt32(1)));
    }

    [Fact]
    public async Task Open_WithWalJournal_SetsItOnTheFile()
    {
        using var store = await RecordStore.OpenAsync(Options, NullLoggerFactory.Instance);

        using var connection = new SqliteConnection(Options.ConnectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode;";
        Assert.Equal("wal", command.ExecuteScalar());
    }

    [Fact]
    public async Task Open_InAFolderThatDoesNotExist_FailsWithTheDatabasePathInTheMessage()
    {
        var missing = Path.Combine(_directory.Path, "no", "such", "folder", "records.db");

        var error = await Assert.ThrowsAsync<StoreUnavailableException>(() =>
            RecordStore.OpenAsync(new StoreOptions { ConnectionString = $"Data Source={missing}" }, NullLoggerFactory.Instance));

        Assert.Contains(missing, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dispose_WithWritesQueued_CommitsThemFirst()
    {
        var store = await RecordStore.OpenAsync(Options, NullLoggerFactory.Instance);
        var pending = Enumerable.Range(0, 200).Select(i => store.AddAsync(i, i)).ToList();

        store.Dispose();

        Assert.Equal(200, (await Task.WhenAll(pending)).Length);
        using var reopened = await RecordStore.OpenAsync(Options, NullLoggerFactory.Instance);
        Assert.Equal(200, reopened.Count);
    }
}
