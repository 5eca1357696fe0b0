using IocpAdmin.Server.Engine;
using IocpAdmin.Tests.Infrastructure;

namespace IocpAdmin.Tests.Integration;

/// <summary>
/// The managed pipe transport (NamedPipeServerStream) under the completion-port engine: the real
/// named pipe on Windows (the Windows leg), the same socket path on Unix.
/// </summary>
[Trait(WindowsLeg.Trait, WindowsLeg.Name)]
public sealed class CompletionPortPipeStreamContractTests : ProtocolContractTests
{
    protected override void Configure(EngineOptions options)
    {
        options.Mode = EngineKind.CompletionPort;
        options.Transport = PipeTransportKind.PipeStream;
    }

    protected override bool KnowsProcess => OperatingSystem.IsWindows();

    protected override bool ServesClientsGoneBeforeTheirAccept => !OperatingSystem.IsWindows();
}
