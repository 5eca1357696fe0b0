using System.Diagnostics;
using IocpAdmin.Protocol;
using IocpAdmin.Server.Diagnostics.Latency;
using IocpAdmin.Server.Sessions;
using IocpAdmin.Server.Storage;
using IocpAdmin.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;

namespace IocpAdmin.Tests.Diagnostics;

/// <summary>Each request's time split into stages, through the real request processor and a real store.</summary>
public sealed class LatencyAccountingTests : IAsyncLifetime, IStoreCompletionSink
{
    private readonly TempDirectory _directory = new();
    private readonly SemaphoreSlim _stored = new(0);
    private RecordStore _store = null!;

    public async ValueTask InitializeAsync() =>
        _store = await RecordStore.OpenAsync(new StoreOptions { ConnectionString = $"Data Source={_directory.File("r.db")}" }, NullLoggerFactory.Instance);

    public ValueTask DisposeAsync()
    {
        _store.Dispose();
        _directory.Dispose();
        _stored.Dispose();
        return ValueTask.CompletedTask;
    }

    void IStoreCompletionSink.OnStoreCompleted(StoreBatch batch) => _stored.Release();

    [Theory]
    [InlineData(0L)]
    [InlineData(3L)]
    [InlineData(4L)]
    [InlineData(1_000L)]
    [InlineData(41_000L)]
    [InlineData(1_234_567L)]
    [InlineData(4_294_967_295L)]
    public void Buckets_HoldEveryValueWithinAQuarterOfIt(long microseconds)
    {
        var index = LatencyBuckets.IndexOf(microseconds);
        Assert.InRange(index, 0, LatencyBuckets.Count - 1);
        Assert.True(LatencyBuckets.UpperBound(index) >= microseconds);
        Assert.True(LatencyBuckets.UpperBound(index) <= (microseconds * 1.25) + 1, $"{microseconds} µs went to a bucket up to {LatencyBuckets.UpperBound(index)} µs");
        Assert.True(index == 0 || LatencyBuckets.UpperBound(index - 1) < microseconds);
    }

    [Fact]
    public void Buckets_AreOrdered_AndLongerThan71MinutesGoInTheLast()
    {
        for (var i = 1; i < LatencyBuckets.Count; i++)
        {
            Assert.True(LatencyBuckets.UpperBound(i) > LatencyBuckets.UpperBound(i - 1));
        }

        Assert.Equal(LatencyBuckets.Count - 1, LatencyBuckets.IndexOf(long.MaxValue / 2));
    }

    [Fact]
    public void PipelinedRequests_AreCountedByOpcode_WithTheirQueueWait_AndWritesWithTheirCommit()
    {
        var latency = new RequestLatency(TimeSpan.FromMilliseconds(500), 16);
        using var processor = new RequestProcessor(_store, this, new SessionHistory(), new RequestTimer(latency, 7, 4242));
        var queued = Stopwatch.Frequency; // the receive's completion waited a whole second in the port
        Receive(processor, Frames.Concat(Frames.Ping([1]), Frames.Ping([2]), Frames.Add(1, 2), Frames.Add(3, 4), Frames.Retrieve(1)), queued);

        Assert.Equal(NextIoKind.Send, processor.Process());
        processor.OnSent(processor.PendingOutput.Length);
        Assert.Equal(NextIoKind.Store, processor.Process());
        processor.SubmitWrites();
        Assert.True(_stored.Wait(TimeSpan.FromSeconds(10)));
        processor.OnStoreCompleted();
        Assert.Equal(NextIoKind.Send, processor.Process());
        processor.OnSent(processor.PendingOutput.Length);

        var totals = latency.Read();
        Assert.Equal(2, totals.Count(RequestKind.Ping));
        Assert.Equal(2, totals.Count(RequestKind.Add));
        Assert.Equal(1, totals.Count(RequestKind.Retrieve));
        Assert.Equal(0, totals.Count(RequestKind.Delete));
        foreach (var kind in new[] { RequestKind.Ping, RequestKind.Add, RequestKind.Retrieve })
        {
            Assert.InRange(totals.Percentile(kind, LatencyStageKind.Queue, 0.5), 1000, 1250);
            Assert.True(totals.Percentile(kind, LatencyStageKind.Total, 0.5) >= 1000);
            Assert.True(totals.Share(kind, LatencyStageKind.Queue) > 0.9);
            var stages = totals.Share(kind, LatencyStageKind.Queue) + totals.Share(kind, LatencyStageKind.Worker)
                + totals.Share(kind, LatencyStageKind.Commit) + totals.Share(kind, LatencyStageKind.ClientRead);
            Assert.Equal(1.0, stages, 3);
        }

        // The PINGs were answered before the commit; the ADDs and the read behind them waited for it.
        Assert.Equal(0, totals.Mean(RequestKind.Ping, LatencyStageKind.Commit));
        Assert.True(totals.Mean(RequestKind.Add, LatencyStageKind.Commit) > 0);
        Assert.True(totals.Mean(RequestKind.Retrieve, LatencyStageKind.Commit) > 0);

        // Over the threshold: each opcode's run is in the slow log, newest first, queue dominant.
        var slow = latency.SlowLog.Entries();
        Assert.Equal([RequestKind.Retrieve, RequestKind.Add, RequestKind.Ping], slow.Select(s => s.Kind));
        Assert.All(slow, s =>
        {
            Assert.Equal(7, s.SessionId);
            Assert.Equal(4242, s.ProcessId);
            Assert.Equal(LatencyStageKind.Queue, s.Dominant);
            // The stages add up to the total (each rounded to 100 ns on its own).
            Assert.InRange((s.Total - (s.Queue + s.Worker + s.Commit + s.ClientRead)).Duration(), TimeSpan.Zero, TimeSpan.FromMicroseconds(1));
        });
        Assert.Equal(2, slow[1].Requests);
    }

    [Fact]
    public void AnswersThatAreNeverSent_AreNotCounted()
    {
        var latency = new RequestLatency(TimeSpan.FromSeconds(1), 16);
        using var processor = new RequestProcessor(_store, this, new SessionHistory(), new RequestTimer(latency, 1, null));
        Receive(processor, Frames.Concat(Frames.Ping([1]), Frames.Count()), 0);
        Assert.Equal(NextIoKind.Send, processor.Process());

        processor.DiscardOutput();

        Assert.Equal(0, latency.Read().Count(RequestKind.Ping));
        Assert.Equal(0, latency.Read().Count(RequestKind.Count));
    }

    [Fact]
    public void ARequestAnsweredOverSeveralSends_IsCountedOnceTheLastByteIsTaken()
    {
        var latency = new RequestLatency(TimeSpan.FromSeconds(1), 16);
        using var processor = new RequestProcessor(_store, this, new SessionHistory(), new RequestTimer(latency, 1, null));
        Receive(processor, Frames.Ping(new byte[1000]), 0);
        Assert.Equal(NextIoKind.Send, processor.Process());

        processor.OnSent(10);
        Assert.Equal(0, latency.Read().Count(RequestKind.Ping));
        processor.OnSent(processor.PendingOutput.Length);
        Assert.Equal(1, latency.Read().Count(RequestKind.Ping));
    }

    [Fact]
    public void Window_SubtractsAnEarlierReading()
    {
        var latency = new RequestLatency(TimeSpan.FromSeconds(1), 16);
        using var processor = new RequestProcessor(_store, this, new SessionHistory(), new RequestTimer(latency, 1, null));
        Exchange(processor, Frames.Ping([1]));
        var earlier = latency.Read();
        Exchange(processor, Frames.Ping([1]));
        Exchange(processor, Frames.Ping([1]));

        Assert.Equal(3, latency.Read().Count(RequestKind.Ping));
        Assert.Equal(2, latency.Read().Since(earlier).Count(RequestKind.Ping));
    }

    [Fact]
    public void SlowLog_KeepsTheNewestUpToItsCapacity_NewestFirst_AndClearsWhileTheTotalGoesOn()
    {
        var log = new SlowLog(3);
        for (var i = 1; i <= 5; i++)
        {
            log.Add(sequence => new SlowRequest(sequence, DateTimeOffset.UtcNow, i, null, RequestKind.Add, 1,
                TimeSpan.FromSeconds(1), TimeSpan.Zero, TimeSpan.Zero, TimeSpan.FromSeconds(1), TimeSpan.Zero));
        }

        Assert.Equal([5L, 4L, 3L], log.Entries().Select(e => e.Sequence));
        Assert.Equal(5, log.Total);
        log.Clear();
        Assert.Empty(log.Entries());
        Assert.Equal(5, log.Total);
        Assert.Throws<ArgumentOutOfRangeException>(() => new SlowLog(SlowLog.MaxCapacity + 1));
    }

    private static void Exchange(RequestProcessor processor, byte[] frame)
    {
        Receive(processor, frame, 0);
        Assert.Equal(NextIoKind.Send, processor.Process());
        processor.OnSent(processor.PendingOutput.Length);
        Assert.Equal(NextIoKind.Receive, processor.Process());
    }

    private static void Receive(RequestProcessor processor, byte[] bytes, long queueTicks)
    {
        var buffer = processor.GetReceiveBuffer();
        Assert.True(buffer.Length >= bytes.Length);
        bytes.CopyTo(buffer.Span);
        processor.OnReceived(bytes.Length, queueTicks);
    }
}
