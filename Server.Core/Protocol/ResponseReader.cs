using System.Buffers.Binary;
using System.Net;

namespace IocpAdmin.Protocol;

/// <summary>Decodes response frames (the client's side of the codec); resumable like <see cref="RequestReader"/>.</summary>
public static class ResponseReader
{
    /// <summary>
    /// Reads the first response of <paramref name="buffer"/>; false when more bytes are needed.
    /// A frame that no conforming server sends throws <see cref="ProtocolViolationException"/>.
    /// </summary>
    public static bool TryReadResponse(ReadOnlySpan<byte> buffer, out Response response, out int consumed)
    {
        response = default;
        consumed = 0;
        if (buffer.Length < ProtocolLimits.LengthPrefixSize)
        {
            return false;
        }

        var length = BinaryPrimitives.ReadUInt32LittleEndian(buffer);
        if (length is < ProtocolLimits.MinFrameLength or > ProtocolLimits.MaxFrameLength)
        {
            throw new ProtocolViolationException($"response frame length {length} is outside {ProtocolLimits.MinFrameLength}..{ProtocolLimits.MaxFrameLength}");
        }

        var frameSize = ProtocolLimits.LengthPrefixSize + (int)length;
        if (buffer.Length < frameSize)
        {
            return false;
        }

        var status = (StatusKind)buffer[ProtocolLimits.LengthPrefixSize];
        if (status > StatusKind.Error)
        {
            throw new ProtocolViolationException($"unknown response status 0x{(byte)status:X2}");
        }

        response = new Response(status, buffer.Slice(ProtocolLimits.LengthPrefixSize + 1, (int)length - 1));
        consumed = frameSize;
        return true;
    }
}
