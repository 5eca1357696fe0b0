using IocpAdmin.Server.Engine;
using IocpAdmin.Server.Engine.Native;

namespace IocpAdmin.Tests.Engine;

public sealed class ManagedCompletionPortTests : CompletionPortContractTests
{
    protected override ICompletionPort Open(int concurrency) => new CompletionPort(concurrency);
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
