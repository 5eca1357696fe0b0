using System.ComponentModel.DataAnnotations;

namespace IocpAdmin.Server.Storage;

/// <summary>The record store's settings (configuration section <c>Store</c>; the connection string is <c>ConnectionStrings:Records</c>).</summary>
public sealed class StoreOptions
{
    public const string SectionName = "Store";

    /// <summary>The SQLite connection string, e.g. <c>Data Source=records.db</c>.</summary>
    [Required(AllowEmptyStrings = false)]
    public string ConnectionString { get; set; } = "Data Source=records.db";

    /// <summary>How hard each commit pushes the write-ahead log to disk.</summary>
    public SynchronousKind Synchronous { get; set; } = SynchronousKind.Full;

    /// <summary>
    /// The most operations one transaction commits. Batches are never split, so a transaction may
    /// exceed it by one batch.
    /// </summary>
    [Range(1, 1_000_000, ErrorMessage = "Store:MaxOperationsPerCommit must be between {1} and {2}.")]
    public int MaxOperationsPerCommit { get; set; } = 8192;

    /// <summary>How long one statement waits for a lock held by another process before it fails (SQLITE_BUSY).</summary>
    [Range(1, 600, ErrorMessage = "Store:BusyTimeoutSeconds must be between {1} and {2}.")]
    public int BusyTimeoutSeconds { get; set; } = 2;
}
