using System.Diagnostics;
using System.Globalization;

namespace IocpAdmin.Cli.Bench;

/// <summary>Threads and resident memory of a process now: /proc on Linux (cheap at 10,000 threads), the Process API elsewhere.</summary>
internal readonly record struct ProcessReading(int Threads, long ResidentBytes)
{
    public static ProcessReading Of(Process process)
    {
        if (OperatingSystem.IsLinux())
        {
            int threads = 0;
            long resident = 0;
            foreach (var line in File.ReadLines($"/proc/{process.Id}/status"))
            {
                if (line.StartsWith("Threads:", StringComparison.Ordinal))
                {
                    threads = int.Parse(line.AsSpan(8).Trim(), CultureInfo.InvariantCulture);
                }
                else if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                {
                    resident = long.Parse(line.AsSpan(6).Trim().TrimEnd("kB").Trim(), CultureInfo.InvariantCulture) * 1024;
                }
            }

            return new ProcessReading(threads, resident);
        }

        process.Refresh();
        return new ProcessReading(process.Threads.Count, process.WorkingSet64);
    }

    /// <summary>Open handles: file descriptors on Linux (/proc/pid/fd), the handle count elsewhere.</summary>
    public static int Handles(Process process)
    {
        if (OperatingSystem.IsLinux())
        {
            return Directory.GetFiles($"/proc/{process.Id}/fd").Length;
        }

        process.Refresh();
        return process.HandleCount;
    }
}
