using IocpAdmin.Server.Engine;

namespace IocpAdmin.Tests.Integration;

/// <summary>The product configuration on Linux: the completion-port engine with its workers on an io_uring.</summary>
public sealed class CompletionPortIoUringContractTests : ProtocolContractTests
{
    protected override void Configure(EngineOptions options)
    {
        options.Mode = EngineKind.CompletionPort;
        options.CompletionSource = CompletionSourceKind.IoUring;
    }
}
