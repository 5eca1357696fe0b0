using IocpAdmin.Server.Storage;

namespace IocpAdmin.Server.Sessions;

/// <summary>What a session needs from the engine that serves it.</summary>
internal interface ISessionHost
{
    RecordStore Store { get; }

    /// <summary>Called once by the session's owner when it has closed and released its connection.</summary>
    void OnSessionClosed(Session session, CloseReason reason);

    /// <summary>Called when a session's handler threw: a bug, logged as an error; the session is then closed.</summary>
    void OnSessionFault(Session session, Exception exception);
}
