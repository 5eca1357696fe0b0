namespace IocpAdmin.Server.Engine;

/// <summary>The life of a <see cref="RecordServer"/>.</summary>
public enum ServerState
{
    Created,
    Starting,
    Running,
    Stopping,
    Stopped,

    /// <summary>Start failed; the reason was thrown by <see cref="RecordServer.StartAsync"/>.</summary>
    Faulted,
}
