using IocpAdmin.Tests.Infrastructure;
using IocpAdmin.Web.History;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace IocpAdmin.Tests.Web;

/// <summary>The Overview's history in a real SQLite file: written per second, rolled up per minute, pruned, and read downsampled.</summary>
public sealed class HistoryStoreTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _directory.Dispose();
    }

    [Fact]
    public void ByDefault_TheHistoryIsItsOwnFile_BesideTheRecords()
    {
        var store = Store();

        Assert.Equal(Path.Combine(_directory.Path, "history.db"), store.FilePath);
        Assert.Equal(Path.GetFullPath("elsewhere/h.db"), HistoryStore.ResolvePath("elsewhere/h.db", "Data Source=x.db"));
    }

    [Fact]
    public void PointsWritten_AreReadBack_DownsampledToTheAskedNumber_WithTheStepsMaximumQueue()
    {
        var store = Store();
        var start = DateTimeOffset.UtcNow.AddMinutes(-10);
        start = DateTimeOffset.FromUnixTimeSeconds(start.ToUnixTimeSeconds() / 60 * 60);
        store.AppendSeconds(Enumerable.Range(0, 600).Select(i => Point(start.AddSeconds(i), requests: i, queue: i % 10)).ToList());

        var all = store.Read(start, start.AddSeconds(599), maxPoints: 1000);
        Assert.Equal(600, all.Count);
        Assert.Equal(start, all[0].At);

        var ten = store.Read(start, start.AddSeconds(599), maxPoints: 10);
        Assert.Equal(10, ten.Count);
        Assert.Equal(29.5, ten[0].RequestsPerSecond);
        Assert.Equal(9, ten[0].QueueDepthMax);
        Assert.Equal(4.5, ten[0].QueueDepth);
        Assert.Equal(TimeSpan.FromMinutes(1), ten[1].At - ten[0].At);
    }

    [Fact]
    public void WholeMinutes_RollUp_AndOlderThanTheRetention_ArePruned_SoLongRangesReadMinutes()
    {
        var store = Store();
        var now = DateTimeOffset.UtcNow;
        var twoDaysAgo = DateTimeOffset.FromUnixTimeSeconds(now.AddDays(-2).ToUnixTimeSeconds() / 60 * 60);
        store.AppendSeconds(Enumerable.Range(0, 180).Select(i => Point(twoDaysAgo.AddSeconds(i), requests: 100)).ToList());

        store.RollUpMinutes(twoDaysAgo, twoDaysAgo.AddMinutes(3));
        store.Prune(now);

        // The seconds are past 24 hours and gone; the minutes stay 30 days, and a 7-day range reads them.
        var week = store.Read(now.AddDays(-7), now, maxPoints: 100_000);
        Assert.Equal(3, week.Count);
        Assert.All(week, p => Assert.Equal(100, p.RequestsPerSecond));

        store.Prune(now.AddDays(31));
        Assert.Empty(store.Read(now.AddDays(-7), now, maxPoints: 100));
    }

    [Fact]
    public void AnUnwritableHistory_FailsItsOwnWrite_WithASqliteError()
    {
        var options = Options.Create(new HistoryOptions { Path = Path.Combine(_directory.Path, "missing", "folder", "h.db") });
        var store = new HistoryStore(options, new ConfigurationBuilder().Build());

        Assert.Throws<SqliteException>(() => store.AppendSeconds([Point(DateTimeOffset.UtcNow, 1)]));
    }

    private HistoryStore Store() => new(Options.Create(new HistoryOptions()), new ConfigurationBuilder()
        .AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:Records"] = $"Data Source={Path.Combine(_directory.Path, "records.db")}" })
        .Build());

    private static HistoryPoint Point(DateTimeOffset at, double requests, double queue = 0) =>
        new(at, requests, queue, queue, 1, 50, 3, 10, 2, 100, 200);
}
