using IocpAdmin.Server.Engine.Native;
using IocpAdmin.Server.Engine.Transport;
using IocpAdmin.Server.Engine.Windows;

namespace IocpAdmin.Server.Engine;

/// <summary>The port and listener of the chosen completion source, and why a better one was not used.</summary>
internal sealed record OpenedSource(CompletionSourceKind Kind, ICompletionPort Port, PipeListener Listener, string? FallbackReason);

/// <summary>Chooses and opens the completion-port engine's completion source (<see cref="EngineOptions.CompletionSource"/>).</summary>
internal static class CompletionSources
{
    /// <summary>
    /// Opens the configured source; under <see cref="CompletionSourceKind.Auto"/> the best one this OS
    /// and process allow, with the reasons the better ones were refused. An explicit choice the OS
    /// refuses throws <see cref="PipeUnavailableException"/> saying why.
    /// </summary>
    public static OpenedSource Open(EngineOptions options, Func<PipeListener> managedListener)
    {
        var requested = options.CompletionSource;
        var concurrency = options.EffectiveConcurrency;
        var mode = SocketFileMode(options.PipeAccess);
        string? refusals = null;
        if (requested != CompletionSourceKind.Managed && options.Transport != PipeTransportKind.Auto
            && (OperatingSystem.IsWindows() || options.Transport == PipeTransportKind.PipeStream))
        {
            // Each native source serves its own pipe: the socket on Linux, pipe instances on Windows.
            var why = $"Engine:Transport={options.Transport} runs on the managed source only";
            if (requested != CompletionSourceKind.Auto)
            {
                throw Refused(requested, why);
            }

            return new OpenedSource(CompletionSourceKind.Managed, new CompletionPort(concurrency), managedListener(), why);
        }

        if (requested == CompletionSourceKind.Win32 || (requested == CompletionSourceKind.Auto && OperatingSystem.IsWindows()))
        {
            string? reason = "it needs Windows (a kernel I/O completion port)";
            if (OperatingSystem.IsWindows() && Win32Port.TryCreate(concurrency, out reason) is { } port)
            {
                return new OpenedSource(CompletionSourceKind.Win32, port,
                    new Win32PipeListener(options.PipeName, options.PipeAccess, options.PipeGroups, options.ListenBacklog, options.MaxClients, port), null);
            }

            if (requested == CompletionSourceKind.Win32)
            {
                throw Refused(requested, reason!);
            }

            return new OpenedSource(CompletionSourceKind.Managed, new CompletionPort(concurrency), managedListener(), $"win32: {reason}");
        }

        if (requested is CompletionSourceKind.Auto or CompletionSourceKind.IoUring)
        {
            var port = IoUringPort.TryCreate(concurrency, options.MaxClients, out var reason);
            if (port is not null)
            {
                return new OpenedSource(CompletionSourceKind.IoUring, port,
                    new IoUringListener(options.PipeName, mode, options.ListenBacklog, port), null);
            }

            if (requested == CompletionSourceKind.IoUring)
            {
                throw Refused(requested, reason!);
            }

            refusals = OperatingSystem.IsLinux() ? $"io_uring: {reason}" : null;
        }

        if (requested is CompletionSourceKind.Auto or CompletionSourceKind.Epoll)
        {
            var port = EpollPort.TryCreate(concurrency, out var reason);
            if (port is not null)
            {
                return new OpenedSource(CompletionSourceKind.Epoll, port,
                    new EpollListener(options.PipeName, mode, options.ListenBacklog, port), refusals);
            }

            if (requested == CompletionSourceKind.Epoll)
            {
                throw Refused(requested, reason!);
            }

            if (OperatingSystem.IsLinux())
            {
                refusals = refusals is null ? $"epoll: {reason}" : $"{refusals}; epoll: {reason}";
            }
        }

        return new OpenedSource(CompletionSourceKind.Managed, new CompletionPort(concurrency), managedListener(), refusals);
    }

    /// <summary>The socket file's mode for <paramref name="access"/>.</summary>
    public static UnixFileMode SocketFileMode(PipeAccessKind access)
    {
        var mode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        if (access != PipeAccessKind.Owner)
        {
            mode |= UnixFileMode.GroupRead | UnixFileMode.GroupWrite;
        }

        if (access == PipeAccessKind.Everyone)
        {
            mode |= UnixFileMode.OtherRead | UnixFileMode.OtherWrite;
        }

        return mode;
    }

    private static PipeUnavailableException Refused(CompletionSourceKind requested, string why) =>
        new($"Engine:CompletionSource={requested} cannot be used here: {why}. Use Auto to fall back to the best source this machine allows.");
}
