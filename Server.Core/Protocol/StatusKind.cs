namespace IocpAdmin.Protocol;

/// <summary>The status byte of a response frame (docs/protocol.md, "Statuses"). Values are the wire bytes.</summary>
public enum StatusKind : byte
{
    /// <summary>The request succeeded; the payload depends on the opcode. The connection stays open (except after QUIT).</summary>
    Ok = 0x00,

    /// <summary>DELETE or RETRIEVE of an id that does not exist. Empty payload; the connection stays open.</summary>
    NotFound = 0x01,

    /// <summary>A malformed frame. UTF-8 reason; the server then closes the connection.</summary>
    BadRequest = 0x02,

    /// <summary>At capacity or shutting down. UTF-8 reason; the server then closes the connection.</summary>
    Busy = 0x03,

    /// <summary>This request failed and changed nothing (for example the store failed). UTF-8 reason; the connection stays open.</summary>
    Error = 0x04,
}
