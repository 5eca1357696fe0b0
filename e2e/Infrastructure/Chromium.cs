namespace IocpAdmin.E2E.Infrastructure;

/// <summary>Debian's Chromium, found on PATH; the tests never download a browser.</summary>
public static class Chromium
{
    /// <summary>
    /// Flags for a headless run as root on a machine without network: no sandbox (root), and no
    /// background traffic whose refused connections would only slow the browser down.
    /// </summary>
    public static readonly string[] Arguments =
    [
        "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--disable-quic", "--no-first-run",
    ];

    public static string ExecutablePath()
    {
        foreach (var folder in (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator))
        {
            foreach (var name in new[] { "chromium", "chromium-browser" })
            {
                var candidate = Path.Combine(folder, name);
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }
        }

        throw new InvalidOperationException("Chromium is not on PATH: run `./build.sh --test`, which installs Debian's package (`apt-get install -y chromium`).");
    }
}
