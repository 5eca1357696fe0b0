using IocpAdmin.Server.Engine;
using IocpAdmin.Tests.Infrastructure;

namespace IocpAdmin.Tests.Integration;

/// <summary>
/// Thread per client on the managed pipe (NamedPipeServerStream): what it runs on Windows, where a
/// thread blocked in a pipe read must still wake for a drain or a disconnect.
/// </summary>
[Trait(WindowsLeg.Trait, WindowsLeg.Name)]
public sealed class ThreadPerClientPipeStreamContractTests : ProtocolContractTests
{
    protected override void Configure(EngineOptions options)
    {
        options.Mode = EngineKind.ThreadPerClient;
        options.Transport = PipeTransportKind.PipeStream;
    }

    protected override bool KnowsProcess => OperatingSystem.IsWindows();

    protected override bool ServesClientsGoneBeforeTheirAccept => !OperatingSystem.IsWindows();
}
