namespace IocpAdmin.Server.Engine;

/// <summary>
/// Where the completion-port engine's completions come from, and so what its workers wait on
/// (configuration <c>Engine:CompletionSource</c>; docs/architecture.md, "Completion sources").
/// </summary>
public enum CompletionSourceKind
{
    /// <summary>The best the OS allows: Win32 (Windows); io_uring, else epoll, else managed (Linux); managed elsewhere.</summary>
    Auto,

    /// <summary>Linux io_uring: workers submit operations to a ring and wait in io_uring_enter for their completions.</summary>
    IoUring,

    /// <summary>Linux epoll: workers wait in epoll_wait for readiness and do the receive or send themselves.</summary>
    Epoll,

    /// <summary>A managed queue fed by the runtime's socket or pipe engine (any OS; the last fallback).</summary>
    Managed,

    /// <summary>
    /// Windows: the engine's port is a kernel I/O completion port; pipe instances are associated with
    /// it and workers wait in GetQueuedCompletionStatusEx for their overlapped I/O.
    /// </summary>
    Win32,
}
