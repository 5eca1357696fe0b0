using IocpAdmin.Protocol;
using IocpAdmin.Server.Sessions;

namespace IocpAdmin.Tests.Sessions;

public sealed class SessionHistoryTests
{
    [Fact]
    public void Read_AfterMoreThanItsCapacity_ReturnsTheLast64_OldestFirst()
    {
        var history = new SessionHistory();
        for (var i = 0; i < 150; i++)
        {
            history.RecordRequest(RequestKind.Ping, StatusKind.Ok, i);
        }

        var events = history.Read();

        Assert.Equal(Enumerable.Range(150 - SessionHistory.Capacity, SessionHistory.Capacity), events.Select(e => e.Bytes));
        Assert.All(events, e => Assert.Equal((HistoryEventKind.Request, RequestKind.Ping, StatusKind.Ok), (e.Kind, e.Request, e.Status)));
    }

    [Fact]
    public void Read_WhileTheSessionWrites_NeverReturnsATornOrOverwrittenEntry()
    {
        var history = new SessionHistory();
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        var writer = Task.Run(() =>
        {
            for (var i = 0; !stop.IsCancellationRequested; i++)
            {
                history.RecordRequest((RequestKind)(1 + (i % 7)), (StatusKind)(i % 5), i & int.MaxValue);
            }
        });

        var reads = 0;
        while (!writer.IsCompleted)
        {
            var events = history.Read();
            for (var i = 0; i < events.Length; i++)
            {
                var e = events[i];
                // Every field of an entry comes from the same write, and entries are consecutive writes.
                Assert.Equal((RequestKind)(1 + (e.Bytes % 7)), e.Request);
                Assert.Equal((StatusKind)(e.Bytes % 5), e.Status);
                if (i > 0)
                {
                    Assert.Equal(events[i - 1].Bytes + 1, e.Bytes);
                }
            }

            reads++;
        }

        Assert.True(reads > 100, $"only {reads} reads raced the writer");
    }

    [Fact]
    public void Record_AfterWarmUp_AllocatesNothing()
    {
        var history = new SessionHistory();
        history.RecordState(SessionState.Receiving);
        var before = GC.GetAllocatedBytesForCurrentThread();

        for (var i = 0; i < 10_000; i++)
        {
            history.RecordState(SessionState.Sending);
            history.RecordRequest(RequestKind.Add, StatusKind.Ok, 13);
            history.RecordCommit(1, StatusKind.Ok);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
