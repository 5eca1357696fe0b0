namespace IocpAdmin.Server.Engine.Transport;

/// <summary>
/// The outcome of one receive or send: bytes moved, or how it failed and the platform's own code
/// for it. <see cref="OsError"/> is a <see cref="System.Net.Sockets.SocketError"/> value for socket
/// I/O (also under a pipe stream on Unix, which is a socket), a Win32 error for a Windows pipe,
/// and 0 when the operation succeeded or the platform gave no code.
/// </summary>
public readonly record struct IoResult(int Bytes, IoErrorKind Error, int OsError = 0)
{
    public static IoResult Aborted => new(0, IoErrorKind.Aborted);

    public static IoResult Reset => new(0, IoErrorKind.Reset);

    public bool Succeeded => Error == IoErrorKind.None;

    /// <summary>The platform's text for <see cref="OsError"/> (for a log line; allocates).</summary>
    public string Describe() => Error == IoErrorKind.None ? "success" : IoErrors.Describe(OsError);
}
