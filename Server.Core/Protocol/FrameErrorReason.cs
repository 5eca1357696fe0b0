namespace IocpAdmin.Protocol;

/// <summary>Why a frame was rejected with BAD_REQUEST (docs/protocol.md, rule 5).</summary>
public enum FrameErrorReason : byte
{
    None = 0,

    /// <summary>The length field is 0: a frame must carry at least its code byte.</summary>
    LengthZero,

    /// <summary>The length field exceeds <see cref="ProtocolLimits.MaxFrameLength"/>.</summary>
    LengthTooLarge,

    /// <summary>The code byte is not an opcode of this protocol version.</summary>
    UnknownOpcode,

    /// <summary>The payload size does not match the opcode's layout.</summary>
    WrongPayloadSize,

    /// <summary>A LIST limit outside 1 .. <see cref="ProtocolLimits.MaxListLimit"/>.</summary>
    ListLimitOutOfRange,
}
