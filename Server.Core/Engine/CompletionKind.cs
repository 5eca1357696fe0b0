namespace IocpAdmin.Server.Engine;

/// <summary>What a completion packet reports.</summary>
public enum CompletionKind : byte
{
    /// <summary>The listener accepted a connection (or failed to). Key: <see cref="CompletionKeys.Listener"/>.</summary>
    Accept,

    /// <summary>A receive finished; bytes 0 means end of stream (or, after a zero-byte read, "data is waiting").</summary>
    Receive,

    /// <summary>A send finished; bytes is how many were written.</summary>
    Send,

    /// <summary>The record store committed (or failed) the session's batch of writes.</summary>
    Store,

    /// <summary>A worker reading this exits; posted once per worker when the engine stops.</summary>
    Stop,
}
