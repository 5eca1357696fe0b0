namespace IocpAdmin.Server.Engine.Transport;

/// <summary>
/// One accepted pipe connection: a byte stream with at most one operation outstanding at a time.
/// The asynchronous operations serve the completion-port engine: they either finish at once
/// (returning true with the result) or post (key, kind, bytes, error) to the port when they do.
/// The blocking operations serve the thread-per-client engine. With a new completion source comes
/// a new connection (and listener) whose operations complete on that source's port.
/// </summary>
internal abstract class PipeConnection : IDisposable
{
    private ICompletionPort? _port;
    private ulong _key;

    /// <summary>True when a zero-byte receive waits for data without holding a buffer (Unix sockets).</summary>
    public abstract bool SupportsWaitForData { get; }

    public abstract PeerIdentity Peer { get; }

    /// <summary>
    /// Routes this connection's asynchronous completions to <paramref name="port"/> under <paramref name="key"/>.
    /// Virtual so that a connection that wraps another (a decorator) binds the one it wraps too.
    /// </summary>
    public virtual void BindToPort(ICompletionPort port, ulong key)
    {
        _port = port;
        _key = key;
    }

    /// <summary>
    /// Starts a receive into <paramref name="buffer"/> (empty: wait until data is available).
    /// Returns true when it finished at once, with <paramref name="result"/>; false when its
    /// completion will be posted as <see cref="CompletionKind.Receive"/>.
    /// </summary>
    public abstract bool StartReceive(Memory<byte> buffer, out IoResult result);

    /// <summary>Starts a send of all of <paramref name="buffer"/>; same contract as <see cref="StartReceive"/>.</summary>
    public abstract bool StartSend(ReadOnlyMemory<byte> buffer, out IoResult result);

    /// <summary>Blocks until some bytes arrive (0 at end of stream).</summary>
    public abstract IoResult Receive(Memory<byte> buffer);

    /// <summary>Blocks until all of <paramref name="buffer"/> is written.</summary>
    public abstract IoResult Send(ReadOnlyMemory<byte> buffer);

    /// <summary>
    /// From any thread: the bytes already sent by the client can still be read, then receives see
    /// end of stream. Used by graceful shutdown.
    /// </summary>
    public abstract void ShutdownReceive();

    /// <summary>From any thread, idempotent: the outstanding operation (if any) ends promptly and later ones fail.</summary>
    public abstract void Abort();

    /// <summary>
    /// By the owner, once: ends the stream cleanly and releases it. Normally no operation is
    /// outstanding; after a session's fault one may be, and the transport must then cancel it or
    /// let it finish without freeing anything the OS still uses (an OVERLAPPED, a pinned buffer).
    /// </summary>
    public abstract void Dispose();

    /// <summary>The packet reporting <paramref name="result"/> of this connection's <paramref name="kind"/> operation.</summary>
    protected CompletionPacket PacketFor(CompletionKind kind, in IoResult result) => CompletionPacket.For(_key, kind, result);

    protected void PostCompletion(CompletionKind kind, in IoResult result)
    {
        // A connection is bound before its first asynchronous operation; an unbound one here is an engine bug.
        var port = _port ?? throw new InvalidOperationException("The connection is not bound to a completion port.");
        port.Post(CompletionPacket.For(_key, kind, result));
    }
}
