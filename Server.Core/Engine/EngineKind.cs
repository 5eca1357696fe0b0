namespace IocpAdmin.Server.Engine;

/// <summary>Which engine serves the pipe (configuration <c>Engine:Mode</c>).</summary>
public enum EngineKind
{
    /// <summary>A fixed pool of worker threads and a completion port; clients are automata that own no thread. The product.</summary>
    CompletionPort,

    /// <summary>One dedicated thread per connected client with blocking I/O: the design the completion port replaces, for comparison.</summary>
    ThreadPerClient,
}
