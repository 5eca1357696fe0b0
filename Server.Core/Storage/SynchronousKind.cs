namespace IocpAdmin.Server.Storage;

/// <summary>SQLite's <c>PRAGMA synchronous</c> for the writer's connection (in WAL mode).</summary>
public enum SynchronousKind
{
    /// <summary>The WAL is fsynced at every commit: an acknowledged write survives power loss, not only a killed process.</summary>
    Full,

    /// <summary>No fsync at commit: an acknowledged write survives a killed process (SIGKILL) but maybe not power loss.</summary>
    Normal,
}
