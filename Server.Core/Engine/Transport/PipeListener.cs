namespace IocpAdmin.Server.Engine.Transport;

/// <summary>
/// The listening end of the pipe. The completion-port engine accepts asynchronously (the listener
/// is one more I/O object on the port, with key <see cref="CompletionKeys.Listener"/>); the
/// thread-per-client engine accepts on a blocking thread.
/// </summary>
internal abstract class PipeListener : IDisposable
{
    private ICompletionPort? _port;

    /// <summary>Where clients connect: the socket file on Unix, <c>\\.\pipe\name</c> on Windows.</summary>
    public abstract string Address { get; }

    /// <summary>Creates the pipe. Throws <see cref="PipeUnavailableException"/> with a clear message when it cannot.</summary>
    public abstract void Start();

    public void BindToPort(ICompletionPort port) => _port = port;

    /// <summary>
    /// Starts accepting one connection. True: it finished at once (<paramref name="connection"/> set,
    /// or null with the failure in <paramref name="result"/>). False: an <see cref="CompletionKind.Accept"/>
    /// packet will be posted, after which <see cref="TakeAccepted"/> gives the connection.
    /// </summary>
    public abstract bool StartAccept(out PipeConnection? connection, out IoResult result);

    /// <summary>After an Accept packet: the connection it accepted, or null if it failed.</summary>
    public abstract PipeConnection? TakeAccepted();

    /// <summary>Blocks until a client connects; null once the listener is disposed or on a failed accept (see <paramref name="result"/>).</summary>
    public abstract PipeConnection? Accept(out IoResult result);

    public abstract void Dispose();

    protected void PostAccept(in IoResult result)
    {
        var port = _port ?? throw new InvalidOperationException("The listener is not bound to a completion port.");
        port.Post(CompletionPacket.For(CompletionKeys.Listener, CompletionKind.Accept, result));
    }
}
