using IocpAdmin.Server.Engine;
using IocpAdmin.Server.Engine.Native;

namespace IocpAdmin.Tests.Engine;

public sealed class ManagedCompletionPortTests : CompletionPortContractTests
{
    protected override ICompletionPort Open(int concurrency) => new CompletionPort(concurrency);

    [Fact]
    public void PostedCount_AfterPostsFromManyThreads_CountsEveryOne()
    {
        var port = new CompletionPort(2);

        Parallel.For(0, 40_000, i => port.Post(CompletionPacket.Control((ulong)i + 1, CompletionKind.Receive)));

        Assert.Equal(40_000, port.PostedCount);
        Assert.Equal(40_000, port.QueueDepth);
    }
}

public sealed class IoUringCompletionPortTests : CompletionPortContractTests
{
    protected override ICompletionPort Open(int concurrency) =>
        IoUringPort.TryCreate(concurrency, 1024, out var reason) ?? throw new InvalidOperationException($"io_uring is refused here: {reason}");
}

public sealed class EpollCompletionPortTests : CompletionPortContractTests
{
    protected override ICompletionPort Open(int concurrency) =>
        EpollPort.TryCreate(concurrency, out var reason) ?? throw new InvalidOperationException($"epoll is refused here: {reason}");
}
