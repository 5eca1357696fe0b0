using IocpAdmin.Server.Engine;

namespace IocpAdmin.Tests.Fuzz;

public sealed class IoUringSessionFuzzTests(ITestOutputHelper output) : SessionFuzzTests(output)
{
    protected override CompletionSourceKind Source => CompletionSourceKind.IoUring;
}

public sealed class EpollSessionFuzzTests(ITestOutputHelper output) : SessionFuzzTests(output)
{
    protected override CompletionSourceKind Source => CompletionSourceKind.Epoll;
}

public sealed class ManagedSessionFuzzTests(ITestOutputHelper output) : SessionFuzzTests(output)
{
    protected override CompletionSourceKind Source => CompletionSourceKind.Managed;
}
