using System.Diagnostics;

namespace IocpAdmin.Tests.Infrastructure;

/// <summary>POSIX signals to a process we started, by its PID (never by name).</summary>
public static class Signals
{
    public const string Terminate = "TERM";

    public static void Send(int processId, string signal)
    {
        using var kill = Process.Start(new ProcessStartInfo("kill", ["-" + signal, processId.ToString(System.Globalization.CultureInfo.InvariantCulture)]))!;
        kill.WaitForExit();
        if (kill.ExitCode != 0)
        {
            throw new InvalidOperationException($"kill -{signal} {processId} failed with exit code {kill.ExitCode}");
        }
    }
}
