using IocpAdmin.Server.Engine;
using IocpAdmin.Tests.Infrastructure;

namespace IocpAdmin.Tests.Integration;

/// <summary>
/// The product configuration on Windows: the completion-port engine on a kernel I/O completion
/// port, its pipe instances made with CreateNamedPipeW (the Windows leg runs it under Wine).
/// </summary>
[Trait(WindowsLeg.Trait, WindowsLeg.Name)]
public sealed class CompletionPortWin32ContractTests : ProtocolContractTests
{
    protected override void Configure(EngineOptions options)
    {
        WindowsLeg.SkipUnlessWindows();
        options.Mode = EngineKind.CompletionPort;
        options.CompletionSource = CompletionSourceKind.Win32;
    }
}
