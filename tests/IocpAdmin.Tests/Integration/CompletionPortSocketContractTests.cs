using IocpAdmin.Server.Engine;

namespace IocpAdmin.Tests.Integration;

/// <summary>The product configuration on Linux: completion-port engine on a Unix domain socket.</summary>
public sealed class CompletionPortSocketContractTests : ProtocolContractTests
{
    protected override void Configure(EngineOptions options)
    {
        options.Mode = EngineKind.CompletionPort;
        options.Transport = PipeTransportKind.Socket;
    }
}
