using System.Text;
using IocpAdmin.Protocol;
using IocpAdmin.Tests.Infrastructure;

namespace IocpAdmin.Tests.Protocol;

public sealed class ResponseWriterTests
{
    [Fact]
    public void WriteU64_AddOkFromThePage_MatchesByteForByte()
    {
        var buffer = new byte[ResponseWriter.U64Size];

        var written = ResponseWriter.WriteU64(buffer, 1);

        Assert.Equal(Hex.Parse("09 00 00 00  00  01 00 00 00 00 00 00 00"), buffer[..written]);
    }

    [Fact]
    public void WriteRecordThenNotFound_RetrieveExampleFromThePage_MatchesByteForByte()
    {
        var buffer = new byte[32];

        var written = ResponseWriter.WriteRecord(buffer, 3, 4);
        written += ResponseWriter.WriteEmpty(buffer.AsSpan(written), StatusKind.NotFound);

        Assert.Equal(Hex.Parse("09 00 00 00  00  03 00 00 00  04 00 00 00   01 00 00 00  01"), buffer[..written]);
    }

    [Fact]
    public void WriteBadRequest_UnknownOpcodeFromThePage_MatchesByteForByte()
    {
        RequestReader.TryReadRequest(Hex.Parse("01 00 00 00  7f"), out var rejected, out _);
        var buffer = new byte[ResponseWriter.EmptySize + ResponseWriter.MaxReasonSize];

        var written = ResponseWriter.WriteBadRequest(buffer, rejected);

        var expected = Hex.Parse("14 00 00 00  02").Concat(Encoding.UTF8.GetBytes("unknown opcode 0x7F")).ToArray();
        Assert.Equal(expected, buffer[..written]);
    }

    [Fact]
    public void WriteListHeaderAndEntries_TwoRecords_LengthCountsEveryByte()
    {
        var buffer = new byte[ResponseWriter.ListHeaderSize + 32];

        var written = ResponseWriter.WriteListHeader(buffer, 2);
        written += ResponseWriter.WriteListEntry(buffer.AsSpan(written), 1, -1, 2);
        written += ResponseWriter.WriteListEntry(buffer.AsSpan(written), 7, 3, 4);

        Assert.Equal(Hex.Parse(
            "23 00 00 00  00  02 00" +
            "01 00 00 00 00 00 00 00  ff ff ff ff  02 00 00 00" +
            "07 00 00 00 00 00 00 00  03 00 00 00  04 00 00 00"), buffer[..written]);
    }

    [Fact]
    public void WriteReason_LongerThanTheLimit_IsCutWithoutBreakingUtf8()
    {
        var buffer = new byte[ResponseWriter.EmptySize + ResponseWriter.MaxReasonSize];
        var reason = new string('é', 300);

        var written = ResponseWriter.WriteReason(buffer, StatusKind.Error, reason);

        Assert.True(ResponseReader.TryReadResponse(buffer.AsSpan(0, written), out var response, out _));
        Assert.Equal(new string('é', ResponseWriter.MaxReasonSize / 2), response.ReadReason());
    }
}
