namespace IocpAdmin.Server.Sessions;

/// <summary>Why a session ended.</summary>
public enum CloseReason
{
    None,

    /// <summary>The client closed its end; complete requests before it were answered.</summary>
    EndOfStream,

    /// <summary>The client sent QUIT.</summary>
    Quit,

    /// <summary>The client sent a bad frame and got BAD_REQUEST.</summary>
    BadRequest,

    /// <summary>The client went away abruptly (reset, broken pipe).</summary>
    PeerReset,

    /// <summary>An I/O failed for an unexpected reason.</summary>
    IoFailed,

    /// <summary>An operator disconnected it (the console or the engine API).</summary>
    Disconnected,

    /// <summary>A partial frame waited longer than the partial-frame timeout.</summary>
    PartialFrameTimeout,

    /// <summary>The server shut down.</summary>
    ShuttingDown,

    /// <summary>The session hit an unexpected exception (a bug; logged as an error).</summary>
    Fault,

    /// <summary>Refused on arrival: its process or user is quarantined (it never got an id; told why by BUSY).</summary>
    Quarantined,
}
