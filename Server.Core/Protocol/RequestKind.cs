namespace IocpAdmin.Protocol;

/// <summary>The opcode of a request frame (docs/protocol.md, "Requests"). Values are the wire bytes.</summary>
public enum RequestKind : byte
{
    /// <summary>Not a request: the frame was rejected (see <see cref="FrameErrorReason"/>).</summary>
    None = 0x00,
    Add = 0x01,
    Delete = 0x02,
    Retrieve = 0x03,
    Count = 0x04,
    List = 0x05,
    Ping = 0x06,
    Quit = 0x07,
}
