namespace IocpAdmin.Server.Engine;

/// <summary>How an operator's disconnect ends a client's connection.</summary>
public enum DisconnectMode
{
    /// <summary>
    /// Stop reading; answer every request the client already sent; then send BUSY with the reason
    /// and close. A client that does not read its answers within the grace period is closed now.
    /// </summary>
    Graceful,

    /// <summary>Close at once: requests not yet answered get no answer (their writes already with the store still commit).</summary>
    Now,
}
