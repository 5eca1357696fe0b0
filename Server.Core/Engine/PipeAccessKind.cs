namespace IocpAdmin.Server.Engine;

/// <summary>
/// Who may connect to the pipe (configuration <c>Engine:PipeAccess</c>). On Unix it is the socket
/// file's mode; on Windows the pipe's security descriptor, which always allows the server's own
/// account and LocalSystem, plus the accounts and groups of <c>Engine:PipeGroups</c>.
/// </summary>
public enum PipeAccessKind
{
    /// <summary>Only the server's own user (mode 0600; Windows: its account, LocalSystem and <c>PipeGroups</c>).</summary>
    Owner,

    /// <summary>The server's user and group (mode 0660; Windows: as <see cref="Owner"/>, <c>PipeGroups</c> being the group).</summary>
    Group,

    /// <summary>Every local user (mode 0666; Windows: also Everyone).</summary>
    Everyone,
}
