using System.Buffers.Binary;

namespace IocpAdmin.Tests.Fuzz;

/// <summary>What docs/protocol.md says the server must answer to one frame of a client's byte stream.</summary>
public enum ExpectedKind
{
    /// <summary>A valid request of the given opcode: OK (or NOT_FOUND for DELETE and RETRIEVE).</summary>
    Answer,

    /// <summary>A broken rule (length, opcode, payload size, LIST limit): BAD_REQUEST with a reason, then close.</summary>
    BadRequest,
}

public readonly record struct ExpectedResponse(ExpectedKind Kind, byte Opcode, int Offset, int Length);

/// <summary>
/// An independent reading of docs/protocol.md, written from the page and not from the server's codec:
/// given every byte a client sends before it half-closes, the responses the server owes it, in
/// order, and whether the stream ends in a half frame (rule 6: discarded, then the server closes).
/// </summary>
public static class ProtocolOracle
{
    public static IReadOnlyList<ExpectedResponse> Expect(ReadOnlySpan<byte> stream, out bool endsInHalfFrame)
    {
        var expected = new List<ExpectedResponse>();
        endsInHalfFrame = false;
        var position = 0;
        while (position < stream.Length)
        {
            var rest = stream[position..];
            if (rest.Length < 4)
            {
                endsInHalfFrame = true;
                break;
            }

            var length = BinaryPrimitives.ReadUInt32LittleEndian(rest);
            if (length is 0 or > 65_536)
            {
                expected.Add(new ExpectedResponse(ExpectedKind.BadRequest, 0, position, 0));
                break;
            }

            if (rest.Length < 5)
            {
                endsInHalfFrame = true;
                break;
            }

            var opcode = rest[4];
            var payloadSize = (int)length - 1;
            var layoutOk = opcode switch
            {
                0x01 => payloadSize == 8,
                0x02 or 0x03 => payloadSize == 8,
                0x04 or 0x07 => payloadSize == 0,
                0x05 => payloadSize == 10,
                0x06 => true,
                _ => false,
            };
            // Rule 5 is decidable from the first five bytes, so the answer may not wait for the rest.
            if (!layoutOk)
            {
                expected.Add(new ExpectedResponse(ExpectedKind.BadRequest, opcode, position, 0));
                break;
            }

            if (rest.Length < 4 + (int)length)
            {
                endsInHalfFrame = true;
                break;
            }

            if (opcode == 0x05)
            {
                var limit = BinaryPrimitives.ReadUInt16LittleEndian(rest[13..]);
                if (limit is 0 or > 1_000)
                {
                    expected.Add(new ExpectedResponse(ExpectedKind.BadRequest, opcode, position, 0));
                    break;
                }
            }

            expected.Add(new ExpectedResponse(ExpectedKind.Answer, opcode, position, 4 + (int)length));
            position += 4 + (int)length;
            if (opcode == 0x07)
            {
                break;
            }
        }

        return expected;
    }
}
