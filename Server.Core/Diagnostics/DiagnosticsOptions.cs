using System.ComponentModel.DataAnnotations;

namespace IocpAdmin.Server.Diagnostics;

/// <summary>The <c>Diagnostics</c> section: the slow log and the doctor.</summary>
public sealed class DiagnosticsOptions
{
    public const string SectionName = "Diagnostics";

    public const int DefaultSlowLogLength = 128;

    public static readonly TimeSpan DefaultSlowRequest = TimeSpan.FromMilliseconds(100);

    /// <summary>A request that takes at least this long, from arrival to its answer taken by the pipe, goes to the slow log.</summary>
    [Range(1, 3_600_000)]
    public int SlowRequestMilliseconds { get; set; } = (int)DefaultSlowRequest.TotalMilliseconds;

    /// <summary>How many slow requests the log keeps (the newest).</summary>
    [Range(1, Latency.SlowLog.MaxCapacity)]
    public int SlowLogLength { get; set; } = DefaultSlowLogLength;
}
