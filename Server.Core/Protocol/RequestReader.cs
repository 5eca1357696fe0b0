using System.Buffers.Binary;

namespace IocpAdmin.Protocol;

/// <summary>
/// Decodes request frames from a byte buffer. Stateless, so it is resumable by construction: the
/// caller keeps the bytes of a partial frame and calls again when more arrive.
/// </summary>
public static class RequestReader
{
    /// <summary>
    /// Reads the first frame of <paramref name="buffer"/>.
    /// Returns false when more bytes are needed. Returns true with a valid request and the bytes it
    /// used, or with <see cref="Request.Error"/> set (and <paramref name="consumed"/> 0) as soon as
    /// the bytes seen so far already break a rule: a bad length after 4 bytes, a bad opcode or size
    /// after 5, so a client is not left waiting to send 64 KiB of a frame that is already refused.
    /// </summary>
    public static bool TryReadRequest(ReadOnlySpan<byte> buffer, out Request request, out int consumed)
    {
        consumed = 0;
        request = default;
        if (buffer.Length < ProtocolLimits.LengthPrefixSize)
        {
            return false;
        }

        var length = BinaryPrimitives.ReadUInt32LittleEndian(buffer);
        if (length < ProtocolLimits.MinFrameLength)
        {
            request = Request.Invalid(FrameErrorReason.LengthZero, length);
            return true;
        }

        if (length > ProtocolLimits.MaxFrameLength)
        {
            request = Request.Invalid(FrameErrorReason.LengthTooLarge, length);
            return true;
        }

        if (buffer.Length == ProtocolLimits.LengthPrefixSize)
        {
            return false;
        }

        var kind = (RequestKind)buffer[ProtocolLimits.LengthPrefixSize];
        var payloadSize = (int)length - 1;
        if (!TryCheckLayout(kind, payloadSize, out request))
        {
            return true;
        }

        var frameSize = ProtocolLimits.LengthPrefixSize + (int)length;
        if (buffer.Length < frameSize)
        {
            return false;
        }

        var payload = buffer.Slice(ProtocolLimits.LengthPrefixSize + 1, payloadSize);
        request = Decode(kind, payload);
        if (request.IsValid)
        {
            consumed = frameSize;
        }

        return true;
    }

    /// <summary>How many bytes the frame starting at <paramref name="buffer"/> needs in all, once its prefix is known.</summary>
    public static bool TryGetFrameSize(ReadOnlySpan<byte> buffer, out int frameSize)
    {
        if (buffer.Length < ProtocolLimits.LengthPrefixSize)
        {
            frameSize = 0;
            return false;
        }

        var length = BinaryPrimitives.ReadUInt32LittleEndian(buffer);
        frameSize = length is >= ProtocolLimits.MinFrameLength and <= ProtocolLimits.MaxFrameLength
            ? ProtocolLimits.LengthPrefixSize + (int)length
            : 0;
        return frameSize != 0;
    }

    private static bool TryCheckLayout(RequestKind kind, int payloadSize, out Request rejected)
    {
        rejected = default;
        var expected = kind switch
        {
            RequestKind.Add => ProtocolLimits.AddPayloadSize,
            RequestKind.Delete or RequestKind.Retrieve => ProtocolLimits.IdPayloadSize,
            RequestKind.Count or RequestKind.Quit => 0,
            RequestKind.List => ProtocolLimits.ListPayloadSize,
            RequestKind.Ping => -1,
            _ => -2,
        };
        if (expected == -2)
        {
            rejected = Request.Invalid(FrameErrorReason.UnknownOpcode, (byte)kind);
            return false;
        }

        if (expected >= 0 && payloadSize != expected)
        {
            rejected = Request.WrongSize(kind, payloadSize);
            return false;
        }

        return true;
    }

    private static Request Decode(RequestKind kind, ReadOnlySpan<byte> payload)
    {
        switch (kind)
        {
            case RequestKind.Add:
                return Request.Add(
                    BinaryPrimitives.ReadInt32LittleEndian(payload),
                    BinaryPrimitives.ReadInt32LittleEndian(payload[4..]));
            case RequestKind.Delete:
            case RequestKind.Retrieve:
                return Request.WithId(kind, BinaryPrimitives.ReadUInt64LittleEndian(payload));
            case RequestKind.List:
                var limit = BinaryPrimitives.ReadUInt16LittleEndian(payload[8..]);
                return limit is < 1 or > ProtocolLimits.MaxListLimit
                    ? Request.Invalid(FrameErrorReason.ListLimitOutOfRange, limit)
                    : Request.List(BinaryPrimitives.ReadUInt64LittleEndian(payload), limit);
            case RequestKind.Ping:
                return Request.Ping(payload);
            default:
                return Request.Bare(kind);
        }
    }
}
