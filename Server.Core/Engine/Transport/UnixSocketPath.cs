using System.Net.Sockets;
using System.Text;

namespace IocpAdmin.Server.Engine.Transport;

/// <summary>Where a pipe lives on Unix, and the checks before creating it there.</summary>
internal static class UnixSocketPath
{
    // sockaddr_un.sun_path holds 108 bytes on Linux and 104 on macOS, the terminating NUL included.
    private const int MaxBytes = 103;

    public static void EnsureFits(string path)
    {
        if (Encoding.UTF8.GetByteCount(path) > MaxBytes)
        {
            throw new PipeUnavailableException(
                $"The pipe path '{path}' is longer than the {MaxBytes} bytes a Unix socket path may have; choose a shorter Engine:PipeName or TMPDIR.");
        }
    }

    /// <summary>
    /// Deletes a socket file that nobody listens on (left by a server killed with SIGKILL), and
    /// refuses to touch one that a running server still holds.
    /// </summary>
    public static void RemoveIfStale(string path)
    {
        if (!File.Exists(path))
        {
            return;
        }

        using var probe = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            probe.Connect(new UnixDomainSocketEndPoint(path));
        }
        catch (SocketException ex) when (ex.SocketErrorCode == SocketError.ConnectionRefused)
        {
            File.Delete(path);
            return;
        }
        catch (SocketException ex)
        {
            throw new PipeUnavailableException($"Cannot use the pipe path '{path}': {ex.Message}", ex);
        }

        throw new PipeUnavailableException($"The pipe '{path}' is in use by another running server.");
    }
}
