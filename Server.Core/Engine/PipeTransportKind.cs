namespace IocpAdmin.Server.Engine;

/// <summary>How the pipe is implemented (configuration <c>Engine:Transport</c>).</summary>
public enum PipeTransportKind
{
    /// <summary>Unix domain sockets on Linux and macOS, named pipes on Windows.</summary>
    Auto,

    /// <summary>A Unix domain socket at the pipe's path, driven directly (zero-byte reads, peer credentials).</summary>
    Socket,

    /// <summary>.NET's <c>NamedPipeServerStream</c>: the real named pipe on Windows; on Unix the same socket path through the stream API.</summary>
    PipeStream,
}
