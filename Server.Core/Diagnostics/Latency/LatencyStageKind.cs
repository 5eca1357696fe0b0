namespace IocpAdmin.Server.Diagnostics.Latency;

/// <summary>
/// Where a request's time went, from the moment its last byte reached the port to the moment its
/// answer was handed to the pipe. The four stages add up to <see cref="Total"/>.
/// </summary>
public enum LatencyStageKind
{
    /// <summary>The whole of it: received to answered and sent.</summary>
    Total = 0,

    /// <summary>Its receive's completion waiting in the completion queue for a worker.</summary>
    Queue = 1,

    /// <summary>Running on a worker: parsing, executing, and waiting behind the requests before it in the same input.</summary>
    Worker = 2,

    /// <summary>Waiting for a commit: the writer's queue, the transaction and its fsync, and the hand-back to a worker.</summary>
    Commit = 3,

    /// <summary>Its answer written and waiting for the pipe to take it: the client not reading fast enough.</summary>
    ClientRead = 4,
}
