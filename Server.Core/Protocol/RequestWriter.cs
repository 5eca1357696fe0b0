using System.Buffers.Binary;

namespace IocpAdmin.Protocol;

/// <summary>
/// Encodes request frames (the client's side of the codec). Every method returns the bytes
/// written into <c>destination</c>, which must hold the sizes given by the constants.
/// </summary>
public static class RequestWriter
{
    public const int AddSize = ProtocolLimits.LengthPrefixSize + 1 + ProtocolLimits.AddPayloadSize;
    public const int IdSize = ProtocolLimits.LengthPrefixSize + 1 + ProtocolLimits.IdPayloadSize;
    public const int EmptySize = ProtocolLimits.LengthPrefixSize + 1;
    public const int ListSize = ProtocolLimits.LengthPrefixSize + 1 + ProtocolLimits.ListPayloadSize;

    public static int WriteAdd(Span<byte> destination, int a, int b)
    {
        WriteHeader(destination, RequestKind.Add, ProtocolLimits.AddPayloadSize);
        BinaryPrimitives.WriteInt32LittleEndian(destination[EmptySize..], a);
        BinaryPrimitives.WriteInt32LittleEndian(destination[(EmptySize + 4)..], b);
        return AddSize;
    }

    public static int WriteDelete(Span<byte> destination, ulong id) => WriteId(destination, RequestKind.Delete, id);

    public static int WriteRetrieve(Span<byte> destination, ulong id) => WriteId(destination, RequestKind.Retrieve, id);

    public static int WriteCount(Span<byte> destination) => WriteEmpty(destination, RequestKind.Count);

    public static int WriteQuit(Span<byte> destination) => WriteEmpty(destination, RequestKind.Quit);

    public static int WriteList(Span<byte> destination, ulong afterId, ushort limit)
    {
        WriteHeader(destination, RequestKind.List, ProtocolLimits.ListPayloadSize);
        BinaryPrimitives.WriteUInt64LittleEndian(destination[EmptySize..], afterId);
        BinaryPrimitives.WriteUInt16LittleEndian(destination[(EmptySize + 8)..], limit);
        return ListSize;
    }

    public static int WritePing(Span<byte> destination, ReadOnlySpan<byte> payload)
    {
        if (payload.Length > ProtocolLimits.MaxPayloadSize)
        {
            throw new ArgumentOutOfRangeException(nameof(payload), payload.Length,
                $"A PING payload holds at most {ProtocolLimits.MaxPayloadSize} bytes.");
        }

        WriteHeader(destination, RequestKind.Ping, payload.Length);
        payload.CopyTo(destination[EmptySize..]);
        return EmptySize + payload.Length;
    }

    /// <summary>Any frame, legal or not: for tests and tools that probe the server's rules.</summary>
    public static int WriteRaw(Span<byte> destination, uint length, byte code, ReadOnlySpan<byte> payload)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(destination, length);
        destination[ProtocolLimits.LengthPrefixSize] = code;
        payload.CopyTo(destination[EmptySize..]);
        return EmptySize + payload.Length;
    }

    private static int WriteId(Span<byte> destination, RequestKind kind, ulong id)
    {
        WriteHeader(destination, kind, ProtocolLimits.IdPayloadSize);
        BinaryPrimitives.WriteUInt64LittleEndian(destination[EmptySize..], id);
        return IdSize;
    }

    private static int WriteEmpty(Span<byte> destination, RequestKind kind)
    {
        WriteHeader(destination, kind, 0);
        return EmptySize;
    }

    private static void WriteHeader(Span<byte> destination, RequestKind kind, int payloadSize)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(destination, (uint)(payloadSize + 1));
        destination[ProtocolLimits.LengthPrefixSize] = (byte)kind;
    }
}
