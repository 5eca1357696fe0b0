namespace IocpAdmin.Protocol;

/// <summary>Sizes fixed by docs/protocol.md, version 1.</summary>
public static class ProtocolLimits
{
    /// <summary>The u32 length prefix that starts every frame.</summary>
    public const int LengthPrefixSize = 4;

    /// <summary>The smallest legal length field: the code byte alone.</summary>
    public const int MinFrameLength = 1;

    /// <summary>The largest legal length field (code byte plus 65,535 payload bytes).</summary>
    public const int MaxFrameLength = 65_536;

    /// <summary>The largest payload: <see cref="MaxFrameLength"/> minus the code byte.</summary>
    public const int MaxPayloadSize = MaxFrameLength - 1;

    /// <summary>The largest whole frame on the wire, prefix included.</summary>
    public const int MaxWireFrameSize = LengthPrefixSize + MaxFrameLength;

    /// <summary>The largest LIST limit.</summary>
    public const int MaxListLimit = 1_000;

    /// <summary>One LIST entry: u64 id, i32 a, i32 b.</summary>
    public const int ListEntrySize = 16;

    /// <summary>Payload sizes of the fixed-size requests.</summary>
    public const int AddPayloadSize = 8;
    public const int IdPayloadSize = 8;
    public const int ListPayloadSize = 10;

    /// <summary>The largest LIST response on the wire: prefix, status, u16 n, then the entries.</summary>
    public const int MaxListResponseSize = LengthPrefixSize + 1 + 2 + (MaxListLimit * ListEntrySize);
}
