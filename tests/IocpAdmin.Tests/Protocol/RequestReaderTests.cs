using IocpAdmin.Protocol;
using IocpAdmin.Tests.Infrastructure;

namespace IocpAdmin.Tests.Protocol;

public sealed class RequestReaderTests
{
    [Fact]
    public void TryReadRequest_AddFromThePage_DecodesBothIntegers()
    {
        var frame = Hex.Parse("09 00 00 00  01  03 00 00 00  04 00 00 00");

        Assert.True(RequestReader.TryReadRequest(frame, out var request, out var consumed));

        Assert.True(request.IsValid);
        Assert.Equal(RequestKind.Add, request.Kind);
        Assert.Equal((3, 4), (request.A, request.B));
        Assert.Equal(13, consumed);
    }

    [Fact]
    public void TryReadRequest_TwoFramesInOneBuffer_ReadsOnlyTheFirst()
    {
        var frames = Hex.Parse("09 00 00 00  03  01 00 00 00 00 00 00 00  09 00 00 00  03  02 00 00 00 00 00 00 00");

        Assert.True(RequestReader.TryReadRequest(frames, out var first, out var consumed));
        Assert.Equal((RequestKind.Retrieve, 1ul, 13), (first.Kind, first.Id, consumed));
        Assert.True(RequestReader.TryReadRequest(frames.AsSpan(consumed), out var second, out _));
        Assert.Equal((RequestKind.Retrieve, 2ul), (second.Kind, second.Id));
    }

    [Fact]
    public void TryReadRequest_SplitAtEveryPosition_NeedsMoreUntilTheLastByteThenDecodes()
    {
        var frame = Frames.List(0x0102030405060708, 1000);

        for (var cut = 0; cut < frame.Length; cut++)
        {
            Assert.False(RequestReader.TryReadRequest(frame.AsSpan(0, cut), out _, out var consumed), $"cut at {cut}");
            Assert.Equal(0, consumed);
        }

        Assert.True(RequestReader.TryReadRequest(frame, out var request, out var all));
        Assert.Equal((RequestKind.List, 0x0102030405060708ul, (ushort)1000, frame.Length), (request.Kind, request.Id, request.Limit, all));
    }

    [Fact]
    public void TryReadRequest_PingWithMaximumPayload_IsValidAndViewsThePayload()
    {
        var payload = Enumerable.Range(0, ProtocolLimits.MaxPayloadSize).Select(i => (byte)i).ToArray();
        var frame = Frames.Ping(payload);

        Assert.True(RequestReader.TryReadRequest(frame, out var request, out var consumed));

        Assert.Equal(RequestKind.Ping, request.Kind);
        Assert.True(request.Payload.SequenceEqual(payload));
        Assert.Equal(4 + 65_536, consumed);
    }

    [Theory]
    [InlineData("00 00 00 00", FrameErrorReason.LengthZero, 0L)]
    [InlineData("01 00 01 00", FrameErrorReason.LengthTooLarge, 65_537L)]
    [InlineData("01 00 00 00  7f", FrameErrorReason.UnknownOpcode, 0x7fL)]
    [InlineData("01 00 00 00  00", FrameErrorReason.UnknownOpcode, 0L)]
    [InlineData("0b 00 00 00  05  00 00 00 00 00 00 00 00  00 00", FrameErrorReason.ListLimitOutOfRange, 0L)]
    [InlineData("0b 00 00 00  05  00 00 00 00 00 00 00 00  e9 03", FrameErrorReason.ListLimitOutOfRange, 1001L)]
    public void TryReadRequest_BrokenRule_ReportsTheReasonAndConsumesNothing(string hex, FrameErrorReason reason, long value)
    {
        Assert.True(RequestReader.TryReadRequest(Hex.Parse(hex), out var request, out var consumed));

        Assert.False(request.IsValid);
        Assert.Equal(reason, request.Error);
        Assert.Equal(value, request.ErrorValue);
        Assert.Equal(0, consumed);
    }

    [Fact]
    public void TryReadRequest_WrongSizeKnownFromTheHeader_IsRejectedBeforeThePayloadArrives()
    {
        // An ADD announcing 100 payload bytes: refused on its fifth byte, not after 100 more.
        Assert.True(RequestReader.TryReadRequest(Hex.Parse("65 00 00 00  01"), out var request, out _));

        Assert.Equal(FrameErrorReason.WrongPayloadSize, request.Error);
        Assert.Equal(RequestKind.Add, request.ErrorKind);
    }

    [Fact]
    public void TryGetFrameSize_ValidPrefix_GivesWholeFrameSize()
    {
        Assert.True(RequestReader.TryGetFrameSize(Hex.Parse("09 00 00 00"), out var size));
        Assert.Equal(13, size);
        Assert.False(RequestReader.TryGetFrameSize(Hex.Parse("09 00 00"), out _));
        Assert.False(RequestReader.TryGetFrameSize(Hex.Parse("00 00 00 00"), out _));
    }
}
