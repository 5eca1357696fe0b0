using System.Buffers.Binary;
using System.Text.Unicode;

namespace IocpAdmin.Protocol;

/// <summary>
/// Encodes response frames into a caller-provided span (the server's pooled output buffer).
/// Every method returns the bytes written; the caller guarantees the span is large enough
/// (the sizes are constants below).
/// </summary>
public static class ResponseWriter
{
    /// <summary>Prefix plus status byte: a response with an empty payload.</summary>
    public const int EmptySize = ProtocolLimits.LengthPrefixSize + 1;

    /// <summary>OK with a u64 (ADD's id, COUNT's count).</summary>
    public const int U64Size = EmptySize + 8;

    /// <summary>OK with a record (RETRIEVE).</summary>
    public const int RecordSize = EmptySize + 8;

    /// <summary>A LIST response before its entries: prefix, status, u16 n.</summary>
    public const int ListHeaderSize = EmptySize + 2;

    /// <summary>Reasons are cut to this many bytes; they are for people and logs, not for parsing.</summary>
    public const int MaxReasonSize = 256;

    public static int WriteEmpty(Span<byte> destination, StatusKind status)
    {
        WriteHeader(destination, status, 0);
        return EmptySize;
    }

    public static int WriteU64(Span<byte> destination, ulong value)
    {
        WriteHeader(destination, StatusKind.Ok, 8);
        BinaryPrimitives.WriteUInt64LittleEndian(destination[EmptySize..], value);
        return U64Size;
    }

    public static int WriteRecord(Span<byte> destination, int a, int b)
    {
        WriteHeader(destination, StatusKind.Ok, 8);
        BinaryPrimitives.WriteInt32LittleEndian(destination[EmptySize..], a);
        BinaryPrimitives.WriteInt32LittleEndian(destination[(EmptySize + 4)..], b);
        return RecordSize;
    }

    public static int WritePing(Span<byte> destination, ReadOnlySpan<byte> payload)
    {
        WriteHeader(destination, StatusKind.Ok, payload.Length);
        payload.CopyTo(destination[EmptySize..]);
        return EmptySize + payload.Length;
    }

    /// <summary>Writes the header of a LIST response holding <paramref name="count"/> entries, which the caller writes after it.</summary>
    public static int WriteListHeader(Span<byte> destination, int count)
    {
        WriteHeader(destination, StatusKind.Ok, 2 + (count * ProtocolLimits.ListEntrySize));
        BinaryPrimitives.WriteUInt16LittleEndian(destination[EmptySize..], (ushort)count);
        return ListHeaderSize;
    }

    public static int WriteListEntry(Span<byte> destination, ulong id, int a, int b)
    {
        BinaryPrimitives.WriteUInt64LittleEndian(destination, id);
        BinaryPrimitives.WriteInt32LittleEndian(destination[8..], a);
        BinaryPrimitives.WriteInt32LittleEndian(destination[12..], b);
        return ProtocolLimits.ListEntrySize;
    }

    /// <summary>A status with a UTF-8 reason (BAD_REQUEST, BUSY, ERROR); the reason is cut at <see cref="MaxReasonSize"/> bytes.</summary>
    public static int WriteReason(Span<byte> destination, StatusKind status, ReadOnlySpan<char> reason)
    {
        var text = ReasonSpan(destination);
        Utf8.FromUtf16(reason, text, out _, out var written, replaceInvalidSequences: true, isFinalBlock: true);
        WriteHeader(destination, status, written);
        return EmptySize + written;
    }

    /// <summary>The BAD_REQUEST response for a rejected frame, its reason naming the rule that was broken.</summary>
    /// <remarks>
    /// Utf8.TryWrite allocates 24 bytes per formatted value on .NET 10 (measured); acceptable here,
    /// on the one path that ends the connection.
    /// </remarks>
    public static int WriteBadRequest(Span<byte> destination, in Request rejected)
    {
        var text = ReasonSpan(destination);
        var value = rejected.ErrorValue;
        int written;
        _ = rejected.Error switch
        {
            FrameErrorReason.LengthZero =>
                Utf8.TryWrite(text, $"frame length 0 is below the minimum of {ProtocolLimits.MinFrameLength}", out written),
            FrameErrorReason.LengthTooLarge =>
                Utf8.TryWrite(text, $"frame length {value} exceeds the maximum of {ProtocolLimits.MaxFrameLength}", out written),
            FrameErrorReason.UnknownOpcode =>
                Utf8.TryWrite(text, $"unknown opcode 0x{value:X2}", out written),
            FrameErrorReason.WrongPayloadSize =>
                Utf8.TryWrite(text, $"{RequestNames.Of(rejected.ErrorKind)} payload must be {ExpectedPayload(rejected.ErrorKind)} bytes, got {(int)value}", out written),
            FrameErrorReason.ListLimitOutOfRange =>
                Utf8.TryWrite(text, $"LIST limit {value} is outside 1..{ProtocolLimits.MaxListLimit}", out written),
            _ => throw new ArgumentException("The request is not a rejected frame.", nameof(rejected)),
        };
        WriteHeader(destination, StatusKind.BadRequest, written);
        return EmptySize + written;
    }

    /// <summary>Encodes a reason once, for responses sent often (BUSY at capacity).</summary>
    public static byte[] CreateReasonFrame(StatusKind status, string reason)
    {
        Span<byte> scratch = stackalloc byte[EmptySize + MaxReasonSize];
        var written = WriteReason(scratch, status, reason);
        return scratch[..written].ToArray();
    }

    private static int ExpectedPayload(RequestKind kind) => kind switch
    {
        RequestKind.Add => ProtocolLimits.AddPayloadSize,
        RequestKind.Delete or RequestKind.Retrieve => ProtocolLimits.IdPayloadSize,
        RequestKind.List => ProtocolLimits.ListPayloadSize,
        _ => 0,
    };

    private static Span<byte> ReasonSpan(Span<byte> destination) =>
        destination.Slice(EmptySize, Math.Min(destination.Length - EmptySize, MaxReasonSize));

    private static void WriteHeader(Span<byte> destination, StatusKind status, int payloadSize)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(destination, (uint)(payloadSize + 1));
        destination[ProtocolLimits.LengthPrefixSize] = (byte)status;
    }
}
