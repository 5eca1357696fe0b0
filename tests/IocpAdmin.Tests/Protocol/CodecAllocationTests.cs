using IocpAdmin.Protocol;
using IocpAdmin.Tests.Infrastructure;

namespace IocpAdmin.Tests.Protocol;

/// <summary>The codec's hot path allocates nothing (measured on this thread, deterministic).</summary>
public sealed class CodecAllocationTests
{
    [Fact]
    public void ReadRequestsAndWriteResponses_ThousandTimes_AllocatesNothing()
    {
        var frames = Frames.Concat(Frames.Add(1, 2), Frames.Retrieve(3), Frames.List(4, 5), Frames.Ping([6, 7]), Frames.Count());
        var output = new byte[64 * 1024];
        Run(frames, output);

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++)
        {
            Run(frames, output);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    private static void Run(byte[] frames, byte[] output)
    {
        ReadOnlySpan<byte> input = frames;
        var written = 0;
        while (RequestReader.TryReadRequest(input, out var request, out var consumed))
        {
            written += request.Kind switch
            {
                RequestKind.Add => ResponseWriter.WriteU64(output.AsSpan(written), 1),
                RequestKind.Retrieve => ResponseWriter.WriteRecord(output.AsSpan(written), request.A, request.B),
                RequestKind.Ping => ResponseWriter.WritePing(output.AsSpan(written), request.Payload),
                RequestKind.List => ResponseWriter.WriteListHeader(output.AsSpan(written), 0),
                _ => ResponseWriter.WriteEmpty(output.AsSpan(written), StatusKind.Ok),
            };
            input = input[consumed..];
        }
    }
}
