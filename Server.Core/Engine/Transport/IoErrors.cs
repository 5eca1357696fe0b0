using System.ComponentModel;
using System.Net.Sockets;

namespace IocpAdmin.Server.Engine.Transport;

/// <summary>
/// Sorts the platforms' I/O errors into what the engine does about them (<see cref="IoErrorKind"/>),
/// the way Kestrel's socket transport sorts them: the peer went away (reset), we ended it ourselves
/// (aborted), or anything else (unexpected: logged as a warning with the OS code).
/// </summary>
internal static class IoErrors
{
    // Win32 errors of a named pipe whose client went away: ERROR_BROKEN_PIPE (109), ERROR_NO_DATA
    // (232, "the pipe is being closed"), ERROR_PIPE_NOT_CONNECTED (233). ERROR_OPERATION_ABORTED
    // (995) is our own CancelIoEx or close.
    private const int ErrorBrokenPipe = 109;
    private const int ErrorNoData = 232;
    private const int ErrorPipeNotConnected = 233;
    private const int ErrorOperationAborted = 995;

    public static IoErrorKind Classify(SocketError error) => error switch
    {
        SocketError.Success => IoErrorKind.None,
        // ECONNRESET, and EPIPE (which .NET reports as Shutdown). ENOTCONN: the peer was gone before
        // the operation started. WSAEDISCON: Windows' graceful-shutdown-in-progress.
        SocketError.ConnectionReset or SocketError.Shutdown or SocketError.NotConnected or SocketError.Disconnecting => IoErrorKind.Reset,
        // Windows reports a reset as ConnectionAborted too; macOS reports EPROTOTYPE when a send races
        // the peer's close (dotnet/corefx#31927). Elsewhere these are unexpected.
        SocketError.ConnectionAborted when OperatingSystem.IsWindows() => IoErrorKind.Reset,
        SocketError.ProtocolType when OperatingSystem.IsMacOS() => IoErrorKind.Reset,
        SocketError.OperationAborted or SocketError.Interrupted => IoErrorKind.Aborted,
        // Disposing a socket while a receive is pending fails it with EINVAL on Unix.
        SocketError.InvalidArgument when !OperatingSystem.IsWindows() => IoErrorKind.Aborted,
        _ => IoErrorKind.Unexpected,
    };

    /// <summary>A socket operation's outcome; once we aborted the connection ourselves, any failure is ours.</summary>
    public static IoResult FromSocket(SocketError error, int bytes, bool abortedByUs)
    {
        var kind = Classify(error);
        if (kind == IoErrorKind.None)
        {
            return new IoResult(bytes, IoErrorKind.None);
        }

        return new IoResult(0, abortedByUs ? IoErrorKind.Aborted : kind, (int)error);
    }

    /// <summary>
    /// An accept's outcome. ECONNABORTED there means the client gave up before it was accepted
    /// (Linux and the BSDs report it so): nothing failed, the next accept goes on.
    /// </summary>
    public static IoResult FromAccept(SocketError error, bool stopped) =>
        error == SocketError.ConnectionAborted && !stopped
            ? new IoResult(0, IoErrorKind.Reset, (int)error)
            : FromSocket(error, 0, stopped);

    /// <summary>
    /// A native source's outcome from a Linux errno (a negative io_uring result, or errno after a
    /// failed recv/send/accept4), sorted as <see cref="Classify"/> sorts the runtime's.
    /// </summary>
    public static IoResult FromErrno(int errno, bool abortedByUs)
    {
        var kind = errno switch
        {
            104 or 32 or 107 => IoErrorKind.Reset, // ECONNRESET, EPIPE, ENOTCONN
            125 or 9 or 4 => IoErrorKind.Aborted, // ECANCELED (our cancel), EBADF (closed by us), EINTR
            _ => IoErrorKind.Unexpected,
        };
        return new IoResult(0, abortedByUs ? IoErrorKind.Aborted : kind, errno);
    }

    /// <summary>
    /// An accept's errno: ECONNABORTED (103) is a client that gave up, as in <see cref="FromAccept"/>.
    /// While the listener is not stopping, no errno means "stopped": the engine ends its accept loop
    /// on Aborted, so ECANCELED, EBADF and EINTR count as unexpected there (logged, backed off, retried).
    /// </summary>
    public static IoResult FromAcceptErrno(int errno, bool stopped)
    {
        if (stopped)
        {
            return FromErrno(errno, abortedByUs: true);
        }

        if (errno == 103)
        {
            return new IoResult(0, IoErrorKind.Reset, errno);
        }

        var result = FromErrno(errno, abortedByUs: false);
        return result.Error == IoErrorKind.Aborted ? result with { Error = IoErrorKind.Unexpected } : result;
    }

    /// <summary>A pipe stream's <see cref="IOException"/>: a socket's error on Unix, a Win32 error on Windows.</summary>
    public static IoResult FromException(IOException exception, bool abortedByUs)
    {
        if (exception.InnerException is SocketException socket)
        {
            return FromSocket(socket.SocketErrorCode, 0, abortedByUs);
        }

        // On Windows an IOException's HResult is the Win32 error as an HRESULT (0x8007xxxx). Elsewhere
        // it is no OS code this class can describe, so none is kept.
        var code = OperatingSystem.IsWindows() && (exception.HResult & 0xFFFF0000) == 0x80070000 ? exception.HResult & 0xFFFF : 0;
        var kind = code switch
        {
            ErrorBrokenPipe or ErrorNoData or ErrorPipeNotConnected when OperatingSystem.IsWindows() => IoErrorKind.Reset,
            ErrorOperationAborted when OperatingSystem.IsWindows() => IoErrorKind.Aborted,
            _ => IoErrorKind.Unexpected,
        };
        return new IoResult(0, abortedByUs ? IoErrorKind.Aborted : kind, code);
    }

    /// <summary>
    /// A Win32 pipe operation's error (the Win32 source's ReadFile, WriteFile, ConnectNamedPipe).
    /// On a receive, a client that closed its end is end of stream, not a reset: a pipe has no
    /// half-close, so closing is how a client says it is done (.NET's PipeStream reads it as 0 too).
    /// </summary>
    public static IoResult FromWin32(int error, bool receiving, bool abortedByUs)
    {
        if (abortedByUs)
        {
            return new IoResult(0, IoErrorKind.Aborted, error);
        }

        return error switch
        {
            ErrorBrokenPipe or ErrorNoData or ErrorPipeNotConnected when receiving => new IoResult(0, IoErrorKind.None),
            ErrorBrokenPipe or ErrorNoData or ErrorPipeNotConnected => new IoResult(0, IoErrorKind.Reset, error),
            ErrorOperationAborted => new IoResult(0, IoErrorKind.Aborted, error),
            _ => new IoResult(0, IoErrorKind.Unexpected, error),
        };
    }

    /// <summary>
    /// The platform's message for an <see cref="IoResult.OsError"/>: a Win32 error on Windows; on Unix
    /// a <see cref="SocketError"/> (the runtime's sockets: Winsock numbers, 995 and up) or a raw errno
    /// (the native sources: below 200), which never overlap.
    /// </summary>
    public static string Describe(int osError) => osError == 0
        ? "no OS error code"
        : OperatingSystem.IsWindows()
            ? new Win32Exception(osError).Message
            : osError is > 0 and < 995
                ? $"{System.Runtime.InteropServices.Marshal.GetPInvokeErrorMessage(osError)} (errno {osError})"
                : new SocketException(osError).Message;
}
