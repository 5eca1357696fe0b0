namespace IocpAdmin.Server.Engine;

/// <summary>Whom a quarantine keeps out.</summary>
public enum QuarantineKind
{
    /// <summary>New connections from the same process (its process id).</summary>
    Process,

    /// <summary>New connections from any process of the same OS user (its user id; Linux only).</summary>
    User,
}
