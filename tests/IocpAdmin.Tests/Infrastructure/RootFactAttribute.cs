using System.Runtime.CompilerServices;

namespace IocpAdmin.Tests.Infrastructure;

/// <summary>
/// A fact that needs root (mounting a small filesystem, immutable files). CI runs as root and
/// runs it; a developer's non-root run reports it skipped, never passed.
/// </summary>
public sealed class RootFactAttribute : FactAttribute
{
    public RootFactAttribute([CallerFilePath] string? sourceFilePath = null, [CallerLineNumber] int sourceLineNumber = -1)
        : base(sourceFilePath, sourceLineNumber)
    {
        if (!OperatingSystem.IsLinux() || Environment.UserName != "root")
        {
            Skip = "needs root on Linux (mounts a tmpfs, sets immutable files); CI runs as root";
        }
    }
}
