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

    /// <summary>How many of the process's threads have a name starting with <paramref name="prefix"/> (Linux: /proc/PID/task/*/comm); null elsewhere.</summary>
    public static int? ThreadsNamed(Process process, string prefix)
    {
        if (!OperatingSystem.IsLinux())
        {
            return null;
        }

        var count = 0;
        foreach (var task in Directory.EnumerateDirectories($"/proc/{process.Id}/task"))
        {
            try
            {
                if (File.ReadAllText(Path.Combine(task, "comm")).StartsWith(prefix, StringComparison.Ordinal))
                {
                    count++;
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // The thread ended while it was being read.
            }
        }

        return count;
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
