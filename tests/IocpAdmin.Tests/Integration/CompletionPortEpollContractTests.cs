using IocpAdmin.Server.Engine;

namespace IocpAdmin.Tests.Integration;

/// <summary>The Linux fallback where io_uring is refused: the completion-port engine with its workers in epoll_wait.</summary>
public sealed class CompletionPortEpollContractTests : ProtocolContractTests
{
    protected override void Configure(EngineOptions options)
    {
        options.Mode = EngineKind.CompletionPort;
        options.CompletionSource = CompletionSourceKind.Epoll;
    }
}
