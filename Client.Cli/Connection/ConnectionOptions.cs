using IocpAdmin.Protocol;

namespace IocpAdmin.Cli.Connection;

/// <summary>How the CLI reaches the server: which pipe, how patiently.</summary>
/// <param name="Verbose">Print each failed attempt and the wait before the next to standard error.</param>
internal sealed record ConnectionOptions(string PipeName, TimeSpan ConnectTimeout, int Retries, TimeSpan RequestTimeout, bool Verbose = false)
{
    /// <summary>Where the pipe lives, for messages: the socket path on Unix, the pipe path on Windows.</summary>
    public string Address => PipeAddress.Of(PipeName);
}
