namespace IocpAdmin.Protocol;

/// <summary>
/// Where a pipe is, by name (docs/protocol.md, "Transport"): the one computation shared by the
/// server, its clients and the tests.
/// </summary>
public static class PipeAddress
{
    /// <summary>The pipe's name when none is configured.</summary>
    public const string DefaultName = "iocpadmin";

    /// <summary>
    /// The prefix .NET's <c>NamedPipeClientStream</c> and <c>NamedPipeServerStream</c> put before a
    /// pipe's name on Unix; the server uses it too, so that a stock .NET client finds the socket.
    /// </summary>
    public const string UnixSocketPrefix = "CoreFxPipe_";

    /// <summary>The address on this OS: <c>\\.\pipe\&lt;name&gt;</c> on Windows, the socket path elsewhere.</summary>
    public static string Of(string pipeName) => OperatingSystem.IsWindows() ? WindowsPathOf(pipeName) : UnixSocketPathOf(pipeName);

    /// <summary>The Windows named pipe's path.</summary>
    public static string WindowsPathOf(string pipeName) => $@"\\.\pipe\{pipeName}";

    /// <summary>
    /// The Unix domain socket's path: <c>Path.GetTempPath()</c> (<c>$TMPDIR</c>, else <c>/tmp/</c>),
    /// then <see cref="UnixSocketPrefix"/> and the name, exactly as .NET's pipe classes compute it.
    /// </summary>
    public static string UnixSocketPathOf(string pipeName) => Path.Combine(Path.GetTempPath(), UnixSocketPrefix + pipeName);
}
