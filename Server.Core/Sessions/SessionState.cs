namespace IocpAdmin.Server.Sessions;

/// <summary>
/// Where a client's automaton is. Each state names the one operation outstanding; its completion
/// is handled by the handler of that state, which starts exactly one next operation.
/// </summary>
public enum SessionState : byte
{
    /// <summary>Invariant: a zero-byte receive is outstanding; nothing is buffered in either direction and no buffer is held.</summary>
    WaitingForData,

    /// <summary>Invariant: a receive into the input buffer is outstanding; at most one partial frame is buffered; no response is waiting.</summary>
    Receiving,

    /// <summary>Invariant: a send of coalesced responses is outstanding; nothing is read meanwhile (back-pressure).</summary>
    Sending,

    /// <summary>Invariant: a batch of ADD/DELETE is with the store and no pipe operation is outstanding.</summary>
    Storing,

    /// <summary>Invariant: nothing is outstanding, the connection is closed and the slot may hold another client.</summary>
    Closed,
}
