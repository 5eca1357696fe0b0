using IocpAdmin.Server.Engine;

namespace IocpAdmin.Tests.Integration;

/// <summary>The completion-port engine on a Unix domain socket, on the managed source (the runtime's socket engine).</summary>
public sealed class CompletionPortSocketContractTests : ProtocolContractTests
{
    protected override void Configure(EngineOptions options)
    {
        options.Mode = EngineKind.CompletionPort;
        options.Transport = PipeTransportKind.Socket;
        options.CompletionSource = CompletionSourceKind.Managed;
    }
}
