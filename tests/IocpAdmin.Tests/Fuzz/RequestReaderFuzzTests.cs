using System.Buffers.Binary;
using System.Diagnostics;
using System.Net;
using IocpAdmin.Protocol;

namespace IocpAdmin.Tests.Fuzz;

/// <summary>The frame codec against random and damaged input, judged by <see cref="ProtocolOracle"/>.</summary>
public sealed class RequestReaderFuzzTests(ITestOutputHelper output)
{
    [Fact]
    public void TryReadRequest_RandomAndMutatedStreams_AgreesWithTheProtocolPageAndNeverThrows()
    {
        var seed = FuzzBudget.Seed();
        var fuzzer = new FrameFuzzer(seed);
        var budget = FuzzBudget.Duration(3);
        var clock = Stopwatch.StartNew();
        var streams = 0;
        while (clock.Elapsed < budget)
        {
            var stream = fuzzer.NextStream(highestId: 1_000);
            var expected = ProtocolOracle.Expect(stream, out var endsInHalfFrame);
            var because = $"seed {seed}, stream {streams}: {Convert.ToHexString(stream.AsSpan(0, Math.Min(stream.Length, 64)))}";
            var position = 0;
            foreach (var response in expected)
            {
                Assert.True(RequestReader.TryReadRequest(stream.AsSpan(position), out var request, out var consumed), because);
                if (response.Kind == ExpectedKind.BadRequest)
                {
                    Assert.False(request.IsValid, because);
                    Assert.Equal(0, consumed);
                    break;
                }

                Assert.True(request.IsValid, $"{because}: {request.Error} at {position}");
                Assert.Equal(response.Length, consumed);
                Assert.Equal(response.Opcode, (byte)request.Kind);
                AssertDecodedFieldsMatchTheBytes(stream.AsSpan(position, consumed), request, because);
                position += consumed;
            }

            if (endsInHalfFrame)
            {
                Assert.False(RequestReader.TryReadRequest(stream.AsSpan(position), out _, out var consumed), because);
                Assert.Equal(0, consumed);
            }

            streams++;
        }

        output.WriteLine($"seed {seed}: {streams:N0} streams in {budget.TotalSeconds:F0} s");
        Assert.True(streams > 1_000, $"only {streams} streams in {budget}");
    }

    [Fact]
    public void TryReadResponse_RandomBytes_ReadsAFrameOrReportsAViolationAndNothingElse()
    {
        var seed = FuzzBudget.Seed();
        var random = new Random(seed);
        var fuzzer = new FrameFuzzer(seed);
        var clock = Stopwatch.StartNew();
        var budget = FuzzBudget.Duration(2);
        var buffers = 0;
        var violations = 0;
        while (clock.Elapsed < budget)
        {
            // Responses are framed like requests: reuse the request streams as damaged responses too.
            var bytes = random.Next(2) == 0 ? fuzzer.NextStream(1_000) : RandomBytes(random, random.Next(0, 64));
            buffers++;
            try
            {
                var read = ResponseReader.TryReadResponse(bytes, out var response, out var consumed);
                Assert.InRange(consumed, 0, bytes.Length);
                if (read)
                {
                    Assert.Equal(4 + (int)BinaryPrimitives.ReadUInt32LittleEndian(bytes), consumed);
                    Assert.Equal(consumed - 5, response.Payload.Length);
                }
            }
            catch (ProtocolViolationException)
            {
                // The client's reader refuses a bad frame with this one exception type (the CLI reports it).
                violations++;
            }
        }

        Assert.True(buffers > 1_000 && violations > 0, $"seed {seed}: {buffers} buffers, {violations} violations");
    }

    private static void AssertDecodedFieldsMatchTheBytes(ReadOnlySpan<byte> frame, Request request, string because)
    {
        var payload = frame[5..];
        switch (request.Kind)
        {
            case RequestKind.Add:
                Assert.Equal(BinaryPrimitives.ReadInt32LittleEndian(payload), request.A);
                Assert.Equal(BinaryPrimitives.ReadInt32LittleEndian(payload[4..]), request.B);
                break;
            case RequestKind.Delete or RequestKind.Retrieve:
                Assert.Equal(BinaryPrimitives.ReadUInt64LittleEndian(payload), request.Id);
                break;
            case RequestKind.List:
                Assert.Equal(BinaryPrimitives.ReadUInt64LittleEndian(payload), request.Id);
                Assert.Equal(BinaryPrimitives.ReadUInt16LittleEndian(payload[8..]), request.Limit);
                break;
            case RequestKind.Ping:
                Assert.True(payload.SequenceEqual(request.Payload), because);
                break;
        }
    }

    private static byte[] RandomBytes(Random random, int count)
    {
        var bytes = new byte[count];
        random.NextBytes(bytes);
        return bytes;
    }
}
