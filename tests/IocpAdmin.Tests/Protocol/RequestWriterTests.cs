using IocpAdmin.Protocol;
using IocpAdmin.Tests.Infrastructure;

namespace IocpAdmin.Tests.Protocol;

public sealed class RequestWriterTests
{
    [Fact]
    public void WriteAdd_ThePagesExample_MatchesByteForByte() =>
        Assert.Equal(Hex.Parse("09 00 00 00  01  03 00 00 00  04 00 00 00"), Frames.Add(3, 4));

    [Fact]
    public void WriteRetrieve_ThePagesExample_MatchesByteForByte() =>
        Assert.Equal(Hex.Parse("09 00 00 00  03  01 00 00 00 00 00 00 00"), Frames.Retrieve(1));

    [Fact]
    public void WriteList_AfterIdAndLimit_AreLittleEndian() =>
        Assert.Equal(Hex.Parse("0b 00 00 00  05  2a 00 00 00 00 00 00 00  e8 03"), Frames.List(42, 1000));

    [Fact]
    public void WritePing_PayloadLargerThanAFrame_IsRefused()
    {
        var destination = new byte[ProtocolLimits.MaxWireFrameSize + 1];

        Assert.Throws<ArgumentOutOfRangeException>(() => RequestWriter.WritePing(destination, new byte[ProtocolLimits.MaxPayloadSize + 1]));
    }

    [Fact]
    public void EveryRequest_RoundTripsThroughTheServersReader()
    {
        foreach (var frame in new[] { Frames.Add(-5, int.MaxValue), Frames.Delete(ulong.MaxValue), Frames.Count(), Frames.Quit(), Frames.Ping([9, 8]) })
        {
            Assert.True(RequestReader.TryReadRequest(frame, out var request, out var consumed));
            Assert.True(request.IsValid);
            Assert.Equal(frame.Length, consumed);
        }
    }
}
