using System.Diagnostics;
using System.Globalization;

namespace IocpAdmin.Web.Dashboard;

/// <summary>
/// Reads a client process's executable and user from the OS, on demand and cached for
/// <see cref="CacheFor"/> (a page of rows costs at most one lookup per new process). On Linux:
/// <c>/proc/PID/exe</c> (or <c>comm</c> when the link cannot be read) and <c>/etc/passwd</c>; on
/// Windows: the process's image name (the user is not read there: the pipe admits the server's
/// own account and administrators only, see docs/security.md).
/// </summary>
public sealed class ProcessIdentities(TimeProvider time)
{
    /// <summary>How long a looked-up identity is reused (a process id can be reused by the OS after its process ended).</summary>
    public static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(30);

    private const int MaxCached = 4096;
    private readonly Lock _gate = new();
    private readonly Dictionary<int, (ProcessIdentity Identity, DateTimeOffset Until)> _byProcess = [];
    private Dictionary<uint, string> _users = [];
    private DateTimeOffset _usersUntil;

    public ProcessIdentity Of(int? processId, uint? userId)
    {
        var now = time.GetUtcNow();
        if (processId is not { } pid)
        {
            return userId is { } uid ? new ProcessIdentity(null, null, UserName(uid, now)) : ProcessIdentity.Unknown;
        }

        lock (_gate)
        {
            if (_byProcess.TryGetValue(pid, out var cached) && cached.Until > now)
            {
                return cached.Identity;
            }
        }

        var identity = Read(pid, userId, now);
        lock (_gate)
        {
            if (_byProcess.Count >= MaxCached)
            {
                foreach (var stale in _byProcess.Where(e => e.Value.Until <= now).Select(static e => e.Key).ToList())
                {
                    _byProcess.Remove(stale);
                }

                if (_byProcess.Count >= MaxCached)
                {
                    _byProcess.Clear();
                }
            }

            _byProcess[pid] = (identity, now + CacheFor);
        }

        return identity;
    }

    private ProcessIdentity Read(int pid, uint? userId, DateTimeOffset now)
    {
        var user = userId is { } uid ? UserName(uid, now) : null;
        try
        {
            if (OperatingSystem.IsLinux())
            {
                string? path = null;
                try
                {
                    path = File.ResolveLinkTarget($"/proc/{pid}/exe", returnFinalTarget: false)?.FullName;
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                {
                    // Another user's process: the link is not readable, its name is.
                }

                var name = path is not null ? System.IO.Path.GetFileName(path) : File.ReadAllText($"/proc/{pid}/comm").Trim();
                return new ProcessIdentity(name, path, user);
            }

            using var process = Process.GetProcessById(pid);
            return new ProcessIdentity(process.ProcessName, null, user);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or InvalidOperationException
                                       or System.ComponentModel.Win32Exception)
        {
            // The process has ended, or the OS will not say.
            return new ProcessIdentity(null, null, user);
        }
    }

    private string UserName(uint uid, DateTimeOffset now)
    {
        Dictionary<uint, string> users;
        lock (_gate)
        {
            if (now >= _usersUntil)
            {
                _users = ReadPasswd();
                _usersUntil = now + TimeSpan.FromMinutes(1);
            }

            users = _users;
        }

        return users.TryGetValue(uid, out var name) ? name : uid.ToString(CultureInfo.InvariantCulture);
    }

    private static Dictionary<uint, string> ReadPasswd()
    {
        var users = new Dictionary<uint, string>();
        try
        {
            foreach (var line in File.ReadLines("/etc/passwd"))
            {
                var fields = line.Split(':');
                if (fields.Length > 2 && uint.TryParse(fields[2], NumberStyles.None, CultureInfo.InvariantCulture, out var id))
                {
                    users.TryAdd(id, fields[0]);
                }
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // No passwd file (Windows, a minimal container): numeric ids it is.
        }

        return users;
    }
}
