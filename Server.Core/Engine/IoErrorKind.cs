namespace IocpAdmin.Server.Engine;

/// <summary>How an I/O failed, sorted by what the engine does about it.</summary>
public enum IoErrorKind : byte
{
    /// <summary>The operation succeeded.</summary>
    None,

    /// <summary>The peer went away (reset, broken pipe): close quietly.</summary>
    Reset,

    /// <summary>We closed or shut down the connection ourselves while the operation was pending.</summary>
    Aborted,

    /// <summary>Anything else: close, and log it as a warning with the OS error.</summary>
    Unexpected,
}
