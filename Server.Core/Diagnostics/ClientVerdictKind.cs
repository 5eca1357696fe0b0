namespace IocpAdmin.Server.Diagnostics;

/// <summary>The kind of a client's verdict: the quick filters of the console select by it.</summary>
public enum ClientVerdictKind
{
    /// <summary>Requests come and go.</summary>
    Active,

    /// <summary>Connected, sending nothing for a while.</summary>
    Idle,

    /// <summary>Half a frame is buffered and the server waits for the rest; the partial-frame timeout will close it.</summary>
    HalfFrame,

    /// <summary>Its responses wait for it to read them, and nothing is read from it meanwhile (back-pressure).</summary>
    NotReading,

    /// <summary>Its writes are with the store.</summary>
    WaitingForCommit,

    /// <summary>Gone.</summary>
    Closed,
}
