using System.Collections.Concurrent;
using IocpAdmin.Server.Engine;
using IocpAdmin.Tests.Infrastructure;

namespace IocpAdmin.Tests.Engine;

/// <summary>
/// The promises of <see cref="ICompletionPort"/>, inherited once per completion source, so the
/// kernel ports (io_uring, epoll) are held to what the managed port promises.
/// </summary>
public abstract class CompletionPortContractTests : IDisposable
{
    private static readonly TimeSpan s_bound = TimeSpan.FromSeconds(10);
    private readonly List<ICompletionPort> _ports = [];

    public void Dispose()
    {
        foreach (var port in _ports)
        {
            port.Close();
            (port as IDisposable)?.Dispose();
        }

        GC.SuppressFinalize(this);
    }

    protected abstract ICompletionPort Open(int concurrency);

    /// <summary>
    /// Why a seat at this port is a thread and not a <see cref="PortWaiter"/> (a Win32 port: the
    /// kernel counts threads), or null. Tests that take two seats from one thread do not apply then.
    /// </summary>
    protected virtual string? SeatIsAThread => null;

    /// <summary>
    /// Why the kernel this port relies on for the concurrency limit and last-waiter-first does not
    /// keep them where the test runs (Wine's completion ports), or null.
    /// </summary>
    protected virtual string? SchedulingNotKept => null;

    protected ICompletionPort NewPort(int concurrency)
    {
        var port = Open(concurrency);
        _ports.Add(port);
        return port;
    }

    [Fact]
    public void TryDequeue_AfterPosts_ReturnsPacketsInPostOrder()
    {
        var port = NewPort(1);
        using var waiter = new PortWaiter();
        for (var i = 1; i <= 3; i++)
        {
            port.Post(new CompletionPacket((ulong)i, CompletionKind.Receive, IoErrorKind.None, i * 10));
        }

        var keys = new List<ulong>();
        while (port.TryDequeue(waiter, out var packet, 0))
        {
            keys.Add(packet.Key);
        }

        Assert.Equal([1ul, 2ul, 3ul], keys);
    }

    [Fact]
    public void TryDequeue_NothingPosted_TimesOutWithFalse()
    {
        var port = NewPort(1);
        using var waiter = new PortWaiter();

        Assert.False(port.TryDequeue(waiter, out _, 50));
        Assert.Equal(0, port.WaitingCount);
    }

    [Fact]
    public async Task Post_ConcurrencyReached_QueuesUntilTheReleasedThreadReturns()
    {
        // Skipped inside an async method, so the skip does not cross the reflection call's native
        // frames (under Wine a second exception that does crashes the test process: WindowsLeg).
        Assert.SkipWhen(SeatIsAThread is not null, SeatIsAThread ?? string.Empty);
        await Task.Yield();
        var port = NewPort(1);
        using var first = new PortWaiter();
        using var second = new PortWaiter();
        port.Post(CompletionPacket.Control(1, CompletionKind.Receive));
        Assert.True(port.TryDequeue(first, out _, 0));
        Assert.Equal(1, port.ActiveCount);

        port.Post(CompletionPacket.Control(2, CompletionKind.Receive));

        Assert.False(port.TryDequeue(second, out _, 50));
        Assert.Equal(1, port.QueueDepth);
        Assert.True(port.TryDequeue(first, out var next, 0));
        Assert.Equal(2ul, next.Key);
        Assert.Equal(1, port.ActiveCount);
    }

    [Fact]
    public async Task Post_WithThreadsWaiting_WakesTheThreadThatWaitedLast()
    {
        Assert.SkipWhen(SchedulingNotKept is not null, SchedulingNotKept ?? string.Empty);
        var port = NewPort(2);
        // Asynchronous continuations: the test must not go on on the late thread itself, which it then joins.
        var winner = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var early = StartWaiter(port, "early", winner);
        await Eventually.TrueAsync(() => port.WaitingCount == 1, s_bound, "the early thread waits");
        var late = StartWaiter(port, "late", winner);
        await Eventually.TrueAsync(() => port.WaitingCount == 2, s_bound, "both threads wait");

        port.Post(CompletionPacket.Control(7, CompletionKind.Receive));

        Assert.Equal("late", await winner.Task.WaitAsync(s_bound));
        port.Close();
        Assert.True(late.Join(s_bound), "the late thread returns with its packet");
        Assert.True(early.Join(s_bound), "the early thread, still waiting, returns once the port is closed");
    }

    [Fact]
    public async Task Workers_WithConcurrencyOneAndThreeThreads_NeverRunTwoPacketsAtOnce()
    {
        Assert.SkipWhen(SchedulingNotKept is not null, SchedulingNotKept ?? string.Empty);
        var port = NewPort(1);
        var running = 0;
        var maxRunning = 0;
        var handled = 0;
        var threads = Enumerable.Range(0, 3).Select(_ => new Thread(() =>
        {
            using var waiter = new PortWaiter();
            while (port.TryDequeue(waiter, out var packet) && packet.Kind != CompletionKind.Stop)
            {
                var now = Interlocked.Increment(ref running);
                InterlockedMax(ref maxRunning, now);
                Thread.SpinWait(2000);
                Interlocked.Decrement(ref running);
                Interlocked.Increment(ref handled);
            }
        })).ToList();
        threads.ForEach(t => t.Start());

        Parallel.For(0, 2000, i => port.Post(CompletionPacket.Control((ulong)i + 1, CompletionKind.Receive)));
        await Eventually.TrueAsync(() => Volatile.Read(ref handled) == 2000, s_bound, "every packet is handled");

        Assert.Equal(1, maxRunning);
        port.Close();
        threads.ForEach(t => t.Join(s_bound));
    }

    [Fact]
    public void Leave_ByThreadsThatReadStop_LetsEveryThreadReadItsStopWithFewerSeatsThanThreads()
    {
        var port = NewPort(1);
        var stopped = 0;
        var threads = Enumerable.Range(0, 3).Select(_ => new Thread(() =>
        {
            using var waiter = new PortWaiter();
            while (port.TryDequeue(waiter, out var packet))
            {
                if (packet.Kind == CompletionKind.Stop)
                {
                    port.Leave(waiter);
                    Interlocked.Increment(ref stopped);
                    return;
                }
            }
        }) { IsBackground = true }).ToList();
        threads.ForEach(t => t.Start());
        for (var i = 0; i < 100; i++)
        {
            port.Post(CompletionPacket.Control((ulong)i + 1, CompletionKind.Receive));
        }

        for (var i = 0; i < 3; i++)
        {
            port.Post(CompletionPacket.Control(0, CompletionKind.Stop));
        }

        Assert.True(threads.All(t => t.Join(s_bound)), $"{Volatile.Read(ref stopped)} of 3 threads read their Stop");
    }

    [Fact]
    public async Task Post_FromManyThreads_EveryPacketIsDeliveredExactlyOnce()
    {
        var port = NewPort(2);
        var seen = new ConcurrentDictionary<ulong, int>();
        var threads = Enumerable.Range(0, 4).Select(_ => new Thread(() =>
        {
            using var waiter = new PortWaiter();
            while (port.TryDequeue(waiter, out var packet))
            {
                seen.AddOrUpdate(packet.Key, 1, (_, n) => n + 1);
            }
        })).ToList();
        threads.ForEach(t => t.Start());

        Parallel.For(0, 8, p =>
        {
            for (var i = 0; i < 5000; i++)
            {
                port.Post(CompletionPacket.Control((ulong)((p * 5000) + i + 1), CompletionKind.Receive));
            }
        });
        await Eventually.TrueAsync(() => seen.Count == 40_000 && port.QueueDepth == 0, s_bound, "all 40,000 packets arrive");

        Assert.All(seen.Values, n => Assert.Equal(1, n));
        port.Close();
        threads.ForEach(t => t.Join(s_bound));
    }

    [Fact]
    public void Close_WakesWaitersAndRefusesPosts_ButHandsOutWhatWasQueued()
    {
        var port = NewPort(1);
        using var waiter = new PortWaiter();
        port.Post(CompletionPacket.Control(1, CompletionKind.Receive));

        port.Close();

        Assert.False(port.Post(CompletionPacket.Control(2, CompletionKind.Receive)));
        Assert.True(port.TryDequeue(waiter, out var queued, 0));
        Assert.Equal(1ul, queued.Key);
        Assert.False(port.TryDequeue(waiter, out _, 1000));
    }

    private static Thread StartWaiter(ICompletionPort port, string name, TaskCompletionSource<string> winner)
    {
        var thread = new Thread(() =>
        {
            using var waiter = new PortWaiter();
            if (port.TryDequeue(waiter, out _))
            {
                winner.TrySetResult(name);
            }
        });
        thread.Start();
        return thread;
    }

    private static void InterlockedMax(ref int target, int value)
    {
        var current = Volatile.Read(ref target);
        while (value > current)
        {
            var seen = Interlocked.CompareExchange(ref target, value, current);
            if (seen == current)
            {
                return;
            }

            current = seen;
        }
    }
}
