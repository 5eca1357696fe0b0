using IocpAdmin.Server.Engine;

namespace IocpAdmin.Tests.Integration;

/// <summary>The Windows transport (NamedPipeServerStream) under the completion-port engine, run here on the same socket path.</summary>
public sealed class CompletionPortPipeStreamContractTests : ProtocolContractTests
{
    protected override void Configure(EngineOptions options)
    {
        options.Mode = EngineKind.CompletionPort;
        options.Transport = PipeTransportKind.PipeStream;
    }

    protected override bool KnowsPeer => OperatingSystem.IsWindows();
}
