using System.Runtime.Versioning;
using IocpAdmin.Server.Engine;
using IocpAdmin.Server.Engine.Windows;
using IocpAdmin.Tests.Infrastructure;

namespace IocpAdmin.Tests.Engine;

/// <summary>The port contract for the Win32 source: a kernel I/O completion port, on Windows (the Windows leg, under Wine).</summary>
[Trait(WindowsLeg.Trait, WindowsLeg.Name)]
[SupportedOSPlatform("windows")]
public sealed class Win32CompletionPortTests : CompletionPortContractTests
{
    private static readonly TimeSpan s_bound = TimeSpan.FromSeconds(10);

    protected override string? SeatIsAThread =>
        "a kernel completion port counts a thread's seat, not a waiter's: a thread that calls again has ended its packet";

    protected override string? SchedulingNotKept => WindowsLeg.UnderWine
        ? "Wine's completion ports ignore NumberOfConcurrentThreads and wake waiters first in, first out (server/completion.c)"
        : null;

    protected override ICompletionPort Open(int concurrency)
    {
        WindowsLeg.SkipUnlessWindows();
        return OpenWin32(concurrency);
    }

    [Fact]
    public async Task Post_ConcurrencyReached_AnotherThreadWaitsUntilTheReleasedThreadCallsAgain()
    {
        var port = (Win32Port)NewPort(1);
        Assert.SkipWhen(SchedulingNotKept is not null, SchedulingNotKept ?? string.Empty);
        using var first = new PortWaiter();
        port.Post(CompletionPacket.Control(1, CompletionKind.Receive));
        Assert.True(port.TryDequeue(first, out _, 0));

        port.Post(CompletionPacket.Control(2, CompletionKind.Receive));
        var other = Task.Factory.StartNew(() =>
        {
            using var second = new PortWaiter();
            return port.TryDequeue(second, out _, 300);
        }, TaskCreationOptions.LongRunning);

        Assert.False(await other.WaitAsync(s_bound), "a second thread was released while the first still ran its packet");
        Assert.True(port.TryDequeue(first, out var next, 0));
        Assert.Equal(2ul, next.Key);
    }

    [Fact]
    public async Task Leave_WithEntriesTakenInOneWait_PostsBackWhatTheThreadDidNotRun()
    {
        var port = NewPort(2);
        for (var i = 1; i <= 5; i++)
        {
            port.Post(CompletionPacket.Control((ulong)i, CompletionKind.Receive));
        }

        using var leaving = new PortWaiter();
        Assert.True(port.TryDequeue(leaving, out var first, 0));
        Assert.Equal(1ul, first.Key);

        port.Leave(leaving);

        var rest = await Task.Factory.StartNew(() =>
        {
            using var waiter = new PortWaiter();
            var keys = new List<ulong>();
            while (port.TryDequeue(waiter, out var packet, 200))
            {
                keys.Add(packet.Key);
            }

            return keys;
        }, TaskCreationOptions.LongRunning).WaitAsync(s_bound);
        Assert.Equal([2ul, 3ul, 4ul, 5ul], rest);
    }

    [Fact]
    public void QueueDepth_CountsWhatTheKernelHoldsAndWhatATakenBatchHasNotRun()
    {
        var port = NewPort(1);
        for (var i = 1; i <= 3; i++)
        {
            port.Post(CompletionPacket.Control((ulong)i, CompletionKind.Receive));
        }

        Assert.Equal(3, port.QueueDepth);
        using var waiter = new PortWaiter();
        Assert.True(port.TryDequeue(waiter, out _, 0));

        Assert.Equal(2, port.QueueDepth);
        Assert.Equal(1, port.ActiveCount);
    }

    [Fact]
    public void Post_OfEveryKindAndError_ArrivesWithKeyKindErrorAndCountIntact()
    {
        var port = NewPort(1);
        var sent = new[]
        {
            new CompletionPacket(ulong.MaxValue, CompletionKind.Store, IoErrorKind.None, 0),
            new CompletionPacket(0x1234_5678_9ABC_DEF0, CompletionKind.Receive, IoErrorKind.Unexpected, 10_054),
            new CompletionPacket(7, CompletionKind.Send, IoErrorKind.Reset, int.MaxValue),
            CompletionPacket.Control(CompletionKeys.Listener, CompletionKind.Stop),
        };
        foreach (var packet in sent)
        {
            port.Post(packet);
        }

        using var waiter = new PortWaiter();
        var received = new List<CompletionPacket>();
        while (port.TryDequeue(waiter, out var packet, 0))
        {
            received.Add(packet);
        }

        Assert.Equal(sent, received);
    }

    internal static Win32Port OpenWin32(int concurrency) =>
        Win32Port.TryCreate(concurrency, out var reason) ?? throw new InvalidOperationException($"The Win32 port is refused here: {reason}");
}
