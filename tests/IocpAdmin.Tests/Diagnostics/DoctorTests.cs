using System.Diagnostics;
using IocpAdmin.Protocol;
using IocpAdmin.Server.Diagnostics;
using IocpAdmin.Server.Diagnostics.Latency;
using IocpAdmin.Server.Engine;
using IocpAdmin.Server.Sessions;
using IocpAdmin.Server.Storage;

namespace IocpAdmin.Tests.Diagnostics;

/// <summary>The doctor's rules: what it names, with which evidence and advice, from given figures.</summary>
public sealed class DoctorTests
{
    [Fact]
    public void CommitWaitFromTheFsync_UnderSynchronousFull_AdvisesNormal()
    {
        var input = Input([Add(p99: 41, commitShare: 0.92)], Store(commits: 100, commitMs: 38, lockMs: 0.1, syncMs: 37));

        var finding = Assert.Single(Doctor.Diagnose(input));

        Assert.Equal(FindingSeverityKind.Warning, finding.Severity);
        Assert.Equal(LatencyStageKind.Commit, finding.Stage);
        Assert.Equal("ADD waits for commits", finding.Title);
        Assert.Contains("p99 ADD 41 ms", finding.Evidence, StringComparison.Ordinal);
        Assert.Contains("92 % commit wait", finding.Evidence, StringComparison.Ordinal);
        Assert.Contains("37 ms in COMMIT (fsync)", finding.Evidence, StringComparison.Ordinal);
        Assert.Contains("Store:Synchronous=Normal", finding.Advice, StringComparison.Ordinal);
    }

    [Fact]
    public void CommitWaitForTheWriteLock_NamesTheOtherConnection_NotTheFsync()
    {
        var input = Input([Add(p99: 900, commitShare: 0.97)], Store(commits: 3, commitMs: 850, lockMs: 840, syncMs: 5));

        var finding = Assert.Single(Doctor.Diagnose(input));

        Assert.Contains("840 ms waiting for the write lock", finding.Evidence, StringComparison.Ordinal);
        Assert.Contains("holds the database's write lock", finding.Advice, StringComparison.Ordinal);
    }

    [Fact]
    public void AQueueDeeperThanFourTimesTheWorkersForThirtySeconds_SaysTheWorkersAreSaturated()
    {
        var deep = Input([], Store(), queueDepth: 40, deepFor: TimeSpan.FromSeconds(31));
        var brief = Input([], Store(), queueDepth: 40, deepFor: TimeSpan.FromSeconds(10));

        var finding = Assert.Single(Doctor.Diagnose(deep));
        Assert.Equal("Workers are saturated", finding.Title);
        Assert.Contains("deeper than 4 × workers for 31 s (40 packets now, 2 workers", finding.Evidence, StringComparison.Ordinal);
        Assert.Equal(FindingSeverityKind.Ok, Assert.Single(Doctor.Diagnose(brief)).Severity);
    }

    [Fact]
    public void FailingCommits_AreCritical_AndComeFirst()
    {
        var failing = Store(failingSince: DateTimeOffset.UtcNow.AddSeconds(-20), lastError: "the record store failed: disk full");
        var findings = Doctor.Diagnose(Input([Add(p99: 12, commitShare: 0.8)], failing));

        Assert.Equal(FindingSeverityKind.Critical, findings[0].Severity);
        Assert.Contains("disk full", findings[0].Evidence, StringComparison.Ordinal);
        Assert.Equal(2, findings.Count);
    }

    [Fact]
    public void FewOrFastRequests_StandOutForNothing()
    {
        Assert.Equal("No requests", Assert.Single(Doctor.Diagnose(Input([], Store()))).Title);
        var fast = Assert.Single(Doctor.Diagnose(Input([Add(p99: 2, commitShare: 0.9)], Store())));
        Assert.Equal(FindingSeverityKind.Ok, fast.Severity);
        Assert.Contains("the slowest p99 is ADD 2.0 ms", fast.Evidence, StringComparison.Ordinal);
        var few = Assert.Single(Doctor.Diagnose(Input([Add(p99: 500, commitShare: 0.9, count: 3)], Store())));
        Assert.Equal(FindingSeverityKind.Ok, few.Severity);
    }

    [Fact]
    public void ClientReadWait_IsTheClientsDoing_NotTheServers()
    {
        var slowReaders = new OperationLatency(RequestKind.Retrieve, 500, 8, 30, 20, 60, 80, 0.01, 0.02, 0, 0.97, 0.1, 0.1, 0, 59);

        var finding = Assert.Single(Doctor.Diagnose(Input([slowReaders], Store())));

        Assert.Equal(FindingSeverityKind.Info, finding.Severity);
        Assert.Equal(LatencyStageKind.ClientRead, finding.Stage);
        Assert.Contains("not reading", finding.Advice, StringComparison.Ordinal);
    }

    private static OperationLatency Add(double p99, double commitShare, long count = 1000) =>
        new(RequestKind.Add, count, count / 60.0, p99 / 2, p99 / 2, p99, p99 * 1.2, 0.01, 1 - commitShare - 0.01, commitShare, 0, 0.1, 0.5, p99 * commitShare, 0.05);

    private static StoreWindow Store(long commits = 0, double commitMs = 0, double lockMs = 0, double syncMs = 0,
        DateTimeOffset? failingSince = null, string? lastError = null) =>
        new(commits, Ticks(commits * commitMs), Ticks(commits * lockMs), Ticks(commits * syncMs), failingSince is null ? 0 : 5, failingSince, lastError);

    private static long Ticks(double milliseconds) => (long)(milliseconds * Stopwatch.Frequency / 1000);

    private static DoctorInput Input(IReadOnlyList<OperationLatency> operations, StoreWindow store, int queueDepth = 0, TimeSpan deepFor = default)
    {
        var workers = new[] { new WorkerSnapshot(1, 97, 1000, 100, null), new WorkerSnapshot(2, 95, 1000, 100, null) };
        var engine = new EngineSnapshot(DateTimeOffset.UtcNow, EngineKind.CompletionPort, "pipe", 10, 1024, 10, 0,
            new Dictionary<SessionState, int>(), queueDepth, 2, 2, 0, 0, 0, 0, 0, 0, workers,
            new StoreSnapshot(0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, null, null, null, null), 20);
        return new DoctorInput(TimeSpan.FromSeconds(60), operations, engine, deepFor, store, SynchronousKind.Full, TimeSpan.FromMilliseconds(100));
    }
}
