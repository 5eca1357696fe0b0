using BenchmarkDotNet.Attributes;
using IocpAdmin.Protocol;

namespace IocpAdmin.Benchmarks;

/// <summary>The frame codec on a buffer of 16 pipelined requests, and the responses to them.</summary>
[MemoryDiagnoser]
public class ProtocolCodecBenchmarks
{
    private const int Frames = 16;
    private readonly byte[] _requests = new byte[Frames * RequestWriter.IdSize];
    private readonly byte[] _responses = new byte[Frames * 13];

    [GlobalSetup]
    public void Setup()
    {
        for (var i = 0; i < Frames; i++)
        {
            RequestWriter.WriteRetrieve(_requests.AsSpan(i * RequestWriter.IdSize), (ulong)i + 1);
            ResponseWriter.WriteRecord(_responses.AsSpan(i * 13), i, -i);
        }
    }

    [Benchmark(OperationsPerInvoke = Frames, Description = "RequestReader.TryReadRequest (RETRIEVE)")]
    public ulong ReadRequests()
    {
        ReadOnlySpan<byte> input = _requests;
        ulong sum = 0;
        while (RequestReader.TryReadRequest(input, out var request, out var consumed))
        {
            sum += request.Id;
            input = input[consumed..];
        }

        return sum;
    }

    [Benchmark(OperationsPerInvoke = Frames, Description = "ResponseWriter.WriteRecord")]
    public int WriteResponses()
    {
        var written = 0;
        for (var i = 0; i < Frames; i++)
        {
            written += ResponseWriter.WriteRecord(_responses.AsSpan(written), i, i);
        }

        return written;
    }

    [Benchmark(OperationsPerInvoke = Frames, Description = "ResponseReader.TryReadResponse (client side)")]
    public long ReadResponses()
    {
        ReadOnlySpan<byte> input = _responses;
        long sum = 0;
        while (ResponseReader.TryReadResponse(input, out var response, out var consumed))
        {
            sum += response.ReadRecord().A;
            input = input[consumed..];
        }

        return sum;
    }
}
