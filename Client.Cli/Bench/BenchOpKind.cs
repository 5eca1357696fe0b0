namespace IocpAdmin.Cli.Bench;

/// <summary>What each transaction of a benchmark client does.</summary>
internal enum BenchOpKind
{
    /// <summary>ADD a new record: durable, acknowledged after commit.</summary>
    Add,

    /// <summary>RETRIEVE a record from a set seeded before the timed run.</summary>
    Get,

    /// <summary>DELETE one of the records the client added before the timed run.</summary>
    Delete,

    /// <summary>Half RETRIEVE, a quarter ADD, a quarter DELETE of the client's own added records.</summary>
    Mixed,

    /// <summary>PING with an 8-byte payload: the protocol round trip without the store.</summary>
    Ping,

    /// <summary>The original batch script: sets of additions, each followed by deleting them.</summary>
    Batch,
}
