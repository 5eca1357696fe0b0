using System.Runtime.InteropServices;

namespace IocpAdmin.Tests.Infrastructure;

/// <summary>
/// The tests of the Windows leg: tests/wine/run.sh publishes this project for win-x64 and runs the
/// tests marked <c>[Trait(WindowsLeg.Trait, WindowsLeg.Name)]</c> under Wine, against real Windows
/// named pipes and a kernel completion port. Tests that only make sense on Windows skip elsewhere;
/// what Wine cannot show is skipped there, saying why.
/// </summary>
/// <remarks>
/// Under Wine 8 with .NET 10, the second exception on a thread that unwinds through native frames
/// (a test method called by reflection, throwing synchronously) crashes the process with an access
/// violation in Wine's exception dispatch (a stale frame from the first). So tests of the leg skip
/// or fail inside async methods, where the task captures the exception before it reaches those frames.
/// </remarks>
public static class WindowsLeg
{
    public const string Trait = "Leg";

    public const string Name = "Windows";

    /// <summary>True when this Windows process runs under Wine (its ntdll exports wine_get_version).</summary>
    public static bool UnderWine { get; } = OperatingSystem.IsWindows()
        && NativeLibrary.TryLoad("ntdll.dll", out var ntdll)
        && NativeLibrary.TryGetExport(ntdll, "wine_get_version", out _);

    public static void SkipUnlessWindows() =>
        Assert.SkipUnless(OperatingSystem.IsWindows(), "Windows only: the Windows leg runs it under Wine (tests/wine/run.sh)");

    public static void SkipUnderWine(string why) => Assert.SkipWhen(UnderWine, $"Wine cannot show this: {why}");

    public static void SkipOnWindows(string why) => Assert.SkipWhen(OperatingSystem.IsWindows(), $"Not on Windows: {why}");
}
