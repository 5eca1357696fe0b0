namespace IocpAdmin.Tests.Infrastructure;

/// <summary>
/// A fact that needs root (mounting a small filesystem, immutable files). CI runs as root and
/// runs it; a developer's non-root run reports it skipped, never passed.
/// </summary>
public sealed class RootFactAttribute : FactAttribute
{
    public RootFactAttribute()
    {
        if (!OperatingSystem.IsLinux() || Environment.UserName != "root")
        {
            Skip = "needs root on Linux (mounts a tmpfs, sets immutable files); CI runs as root";
        }
    }
}
