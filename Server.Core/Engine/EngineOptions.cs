using System.ComponentModel.DataAnnotations;
using IocpAdmin.Protocol;

namespace IocpAdmin.Server.Engine;

/// <summary>The pipe server's settings (configuration section <c>Engine</c>).</summary>
public sealed class EngineOptions
{
    public const string SectionName = "Engine";

    /// <summary>The pipe's name; clients connect to it by this name.</summary>
    [Required(AllowEmptyStrings = false)]
    [RegularExpression("^[A-Za-z0-9._-]{1,64}$",
        ErrorMessage = "Engine:PipeName must be 1 to 64 characters of letters, digits, '.', '_' or '-'.")]
    public string PipeName { get; set; } = PipeAddress.DefaultName;

    public EngineKind Mode { get; set; } = EngineKind.CompletionPort;

    /// <summary>Worker threads of the completion-port engine; default: the processor count.</summary>
    [Range(1, 256, ErrorMessage = "Engine:Workers must be between {1} and {2}.")]
    public int? Workers { get; set; }

    /// <summary>How many workers the port releases at once; default: <see cref="Workers"/>.</summary>
    [Range(1, 256, ErrorMessage = "Engine:Concurrency must be between {1} and {2}.")]
    public int? Concurrency { get; set; }

    /// <summary>Clients connected at most; the next one gets BUSY.</summary>
    [Range(1, 1_000_000, ErrorMessage = "Engine:MaxClients must be between {1} and {2}.")]
    public int MaxClients { get; set; } = 1024;

    /// <summary>How long a started frame may stay incomplete before the connection is closed.</summary>
    [Range(1, 86_400, ErrorMessage = "Engine:PartialFrameTimeoutSeconds must be between {1} and {2}.")]
    public int PartialFrameTimeoutSeconds { get; set; } = 30;

    /// <summary>How long a graceful stop waits for clients to be answered before closing them.</summary>
    [Range(0, 3_600, ErrorMessage = "Engine:ShutdownDrainSeconds must be between {1} and {2}.")]
    public int ShutdownDrainSeconds { get; set; } = 10;

    public PipeTransportKind Transport { get; set; } = PipeTransportKind.Auto;

    /// <summary>What the completion-port engine's workers wait on; <see cref="CompletionSourceKind.Auto"/> picks the best the OS allows.</summary>
    public CompletionSourceKind CompletionSource { get; set; } = CompletionSourceKind.Auto;

    /// <summary>Who may connect: the socket file's mode on Unix, the pipe's security descriptor on Windows.</summary>
    public PipeAccessKind PipeAccess { get; set; } = PipeAccessKind.Owner;

    /// <summary>
    /// Windows: accounts or groups (e.g. <c>CONTOSO\RecordClients</c>) also allowed to read and
    /// write the pipe. Unix uses the socket file's group instead and ignores this.
    /// </summary>
    public List<string> PipeGroups { get; set; } = [];

    /// <summary>Connections the OS queues before the server accepts them.</summary>
    [Range(1, 65_535, ErrorMessage = "Engine:ListenBacklog must be between {1} and {2}.")]
    public int ListenBacklog { get; set; } = 1024;

    /// <summary>
    /// Wait for data with a zero-byte receive before taking a buffer (where the transport can), so
    /// idle clients hold no buffer memory. Costs one extra system call per request round.
    /// </summary>
    public bool WaitForDataBeforeReceiving { get; set; } = true;

    public int EffectiveWorkers => Workers ?? Environment.ProcessorCount;

    public int EffectiveConcurrency => Concurrency ?? EffectiveWorkers;

    public PipeTransportKind EffectiveTransport => Transport != PipeTransportKind.Auto ? Transport
        : OperatingSystem.IsWindows() ? PipeTransportKind.PipeStream
        : PipeTransportKind.Socket;
}
