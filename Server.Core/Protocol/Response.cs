using System.Buffers.Binary;
using System.Net;
using System.Text;

namespace IocpAdmin.Protocol;

/// <summary>One decoded response frame: a view over the caller's buffer.</summary>
public readonly ref struct Response
{
    public Response(StatusKind status, ReadOnlySpan<byte> payload)
    {
        Status = status;
        Payload = payload;
    }

    public StatusKind Status { get; }

    public ReadOnlySpan<byte> Payload { get; }

    /// <summary>The u64 of an OK to ADD (the new id) or COUNT (the count).</summary>
    public ulong ReadU64()
    {
        Expect(StatusKind.Ok, 8);
        return BinaryPrimitives.ReadUInt64LittleEndian(Payload);
    }

    /// <summary>The record of an OK to RETRIEVE.</summary>
    public (int A, int B) ReadRecord()
    {
        Expect(StatusKind.Ok, 8);
        return (BinaryPrimitives.ReadInt32LittleEndian(Payload), BinaryPrimitives.ReadInt32LittleEndian(Payload[4..]));
    }

    /// <summary>The number of entries of an OK to LIST, after checking that the payload holds exactly that many.</summary>
    public int ReadListCount()
    {
        if (Status != StatusKind.Ok || Payload.Length < 2)
        {
            throw Violation($"expected an OK LIST response, got {RequestNames.Of(Status)} with {Payload.Length} bytes");
        }

        var count = BinaryPrimitives.ReadUInt16LittleEndian(Payload);
        if (Payload.Length != 2 + (count * ProtocolLimits.ListEntrySize))
        {
            throw Violation($"a LIST response of {count} entries must be {2 + (count * ProtocolLimits.ListEntrySize)} bytes, got {Payload.Length}");
        }

        return count;
    }

    public (ulong Id, int A, int B) ReadListEntry(int index)
    {
        var entry = Payload.Slice(2 + (index * ProtocolLimits.ListEntrySize), ProtocolLimits.ListEntrySize);
        return (BinaryPrimitives.ReadUInt64LittleEndian(entry),
            BinaryPrimitives.ReadInt32LittleEndian(entry[8..]),
            BinaryPrimitives.ReadInt32LittleEndian(entry[12..]));
    }

    /// <summary>The UTF-8 reason of BAD_REQUEST, BUSY or ERROR.</summary>
    public string ReadReason() => Encoding.UTF8.GetString(Payload);

    private void Expect(StatusKind status, int payloadSize)
    {
        if (Status != status || Payload.Length != payloadSize)
        {
            throw Violation($"expected {RequestNames.Of(status)} with {payloadSize} bytes, got {RequestNames.Of(Status)} with {Payload.Length} bytes");
        }
    }

    private static ProtocolViolationException Violation(string message) => new(message);
}
