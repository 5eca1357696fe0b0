using System.Net;
using IocpAdmin.Protocol;
using IocpAdmin.Tests.Infrastructure;

namespace IocpAdmin.Tests.Protocol;

public sealed class ResponseReaderTests
{
    [Fact]
    public void TryReadResponse_SplitAtEveryPosition_NeedsMoreUntilComplete()
    {
        var frame = Hex.Parse("09 00 00 00  00  03 00 00 00  04 00 00 00");

        for (var cut = 0; cut < frame.Length; cut++)
        {
            Assert.False(ResponseReader.TryReadResponse(frame.AsSpan(0, cut), out _, out _));
        }

        Assert.True(ResponseReader.TryReadResponse(frame, out var response, out var consumed));
        Assert.Equal((3, 4), response.ReadRecord());
        Assert.Equal(13, consumed);
    }

    [Fact]
    public void TryReadResponse_LengthZero_IsAProtocolViolation()
    {
        Assert.Throws<ProtocolViolationException>(() => ResponseReader.TryReadResponse(Hex.Parse("00 00 00 00"), out _, out _));
    }

    [Fact]
    public void TryReadResponse_UnknownStatus_IsAProtocolViolation()
    {
        Assert.Throws<ProtocolViolationException>(() => ResponseReader.TryReadResponse(Hex.Parse("01 00 00 00  09"), out _, out _));
    }

    [Fact]
    public void ReadListCount_PayloadShorterThanItsCount_IsAProtocolViolation()
    {
        ResponseReader.TryReadResponse(Hex.Parse("05 00 00 00  00  02 00  00 00"), out var response, out _);

        try
        {
            response.ReadListCount();
            Assert.Fail("expected a protocol violation");
        }
        catch (ProtocolViolationException ex)
        {
            Assert.Contains("2 entries", ex.Message, StringComparison.Ordinal);
        }
    }
}
