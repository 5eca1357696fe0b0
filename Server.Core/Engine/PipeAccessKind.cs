namespace IocpAdmin.Server.Engine;

/// <summary>Who may connect to the pipe's socket file on Unix (configuration <c>Engine:PipeAccess</c>).</summary>
public enum PipeAccessKind
{
    /// <summary>Only the server's own user (mode 0600).</summary>
    Owner,

    /// <summary>The server's user and group (mode 0660).</summary>
    Group,

    /// <summary>Every local user (mode 0666).</summary>
    Everyone,
}
