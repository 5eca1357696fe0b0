using IocpAdmin.Server.Engine;
using IocpAdmin.Server.Engine.Transport;
using IocpAdmin.Server.Storage;

namespace IocpAdmin.Server.Sessions;

/// <summary>What a session needs from the engine that serves it.</summary>
internal interface ISessionHost
{
    RecordStore Store { get; }

    /// <summary>Where every session's request latencies and slow requests go.</summary>
    Diagnostics.Latency.RequestLatency Latency { get; }

    /// <summary>Called once by the session's driver when it has closed and released its connection.</summary>
    void OnSessionClosed(Session session);

    /// <summary>Called when a session's handling threw: a bug, logged as an error; the session is then closed.</summary>
    void OnSessionFault(Session session, Exception exception);

    /// <summary>Called when a receive or send failed for a reason that is neither a reset nor our own abort.</summary>
    void OnUnexpectedIoError(Session session, CompletionKind operation, IoResult result);
}
