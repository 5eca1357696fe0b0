using IocpAdmin.Server.Engine;

namespace IocpAdmin.Tests.Integration;

/// <summary>The comparison engine must speak exactly the same protocol.</summary>
public sealed class ThreadPerClientContractTests : ProtocolContractTests
{
    protected override void Configure(EngineOptions options)
    {
        options.Mode = EngineKind.ThreadPerClient;
        options.Transport = PipeTransportKind.Socket;
    }
}
