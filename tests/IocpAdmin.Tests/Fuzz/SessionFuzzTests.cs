using System.Buffers.Binary;
using System.Diagnostics;
using System.Text;
using IocpAdmin.Protocol;
using IocpAdmin.Server.Engine;
using IocpAdmin.Tests.Infrastructure;

namespace IocpAdmin.Tests.Fuzz;

/// <summary>
/// A live server against fuzzed clients over the real pipe: every stream gets exactly the answers
/// docs/protocol.md owes it (judged by <see cref="ProtocolOracle"/>), then the connection closes; the
/// server never hangs or dies, and a well-behaved client is served all along. Inherited once per
/// completion source.
/// </summary>
public abstract class SessionFuzzTests(ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly TimeSpan s_exchangeTimeout = TimeSpan.FromSeconds(20);
    private TestServer _server = null!;

    protected abstract CompletionSourceKind Source { get; }

    public async ValueTask InitializeAsync() => _server = await TestServer.StartAsync(o => o.CompletionSource = Source);

    public async ValueTask DisposeAsync()
    {
        await _server.DisposeAsync();
        GC.SuppressFinalize(this);
    }

    [Fact]
    public async Task FuzzedClients_ForABoundedTime_GetWhatTheProtocolOwesThemWhileABystanderIsServed()
    {
        var seed = FuzzBudget.Seed();
        var budget = FuzzBudget.Duration(10);
        using (var seeding = _server.Connect())
        {
            for (var i = 0; i < 50; i++)
            {
                seeding.Send(Frames.Add(i, -i));
                seeding.ReadId();
            }
        }

        using var stop = new CancellationTokenSource(budget);
        var bystander = Task.Factory.StartNew(() => Bystander(stop.Token), TaskCreationOptions.LongRunning);
        var fuzzers = Enumerable.Range(0, 4).Select(worker => Task.Run(() => FuzzAsync(seed + worker, stop.Token))).ToArray();
        var exchanges = await Task.WhenAll(fuzzers);
        var (roundTrips, slowest) = await bystander;
        output.WriteLine($"seed {seed}: {exchanges.Sum():N0} fuzzed connections in {budget.TotalSeconds:F0} s; " +
            $"bystander {roundTrips:N0} round trips, slowest {slowest.TotalMilliseconds:F1} ms");

        Assert.True(exchanges.Sum() > 100, $"seed {seed}: only {exchanges.Sum()} fuzzed connections in {budget}");
        Assert.True(roundTrips > 100, $"the bystander was served only {roundTrips} times");
        Assert.True(slowest < TimeSpan.FromSeconds(2), $"the bystander once waited {slowest.TotalMilliseconds:F0} ms");
        await Eventually.TrueAsync(() => _server.Server.Monitor.GetSnapshot().ConnectedClients == 0, TimeSpan.FromSeconds(10),
            "every fuzzed connection is closed and forgotten by the server");
        using var after = _server.Connect();
        after.Send(Frames.Count());
        Assert.Equal(StatusKind.Ok, after.ReadResponse().Status);
    }

    [Fact]
    public async Task EveryOpcode_WithEveryPayloadSize_IsAnsweredOrRefusedAsThePageSays()
    {
        var sizes = new[] { 0, 1, 2, 7, 8, 9, 10, 11, 16, 100 };
        var random = new Random(1);
        var cases = 0;
        for (var opcode = 0; opcode <= 0xFF; opcode++)
        {
            foreach (var size in sizes)
            {
                var payload = new byte[size];
                if (opcode == 0x05 && size == 10)
                {
                    BinaryPrimitives.WriteUInt16LittleEndian(payload.AsSpan(8), 10);
                }

                var stream = FrameFuzzer.Frame((byte)opcode, payload);
                await AssertExchangeAsync(stream, random, $"opcode 0x{opcode:X2}, {size}-byte payload");
                cases++;
            }
        }

        Assert.Equal(256 * sizes.Length, cases);
    }

    [Theory]
    [InlineData(0u)]
    [InlineData(65_537u)]
    [InlineData(0x7FFF_FFFFu)]
    [InlineData(uint.MaxValue)]
    public async Task HugeOrZeroLength_AfterAValidRequest_AnswersItThenBadRequestAtOnce(uint length)
    {
        var prefix = new byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(prefix, length);
        // No bytes follow the length: the refusal must not wait for a payload that will never come.
        using var client = _server.Connect();
        client.Send(Frames.Concat(Frames.Count(), prefix));

        Assert.Equal(StatusKind.Ok, client.ReadResponse().Status);
        var (status, reason) = client.ReadResponse();
        Assert.Equal(StatusKind.BadRequest, status);
        Assert.Contains(length.ToString(System.Globalization.CultureInfo.InvariantCulture), Encoding.UTF8.GetString(reason));
        Assert.True(client.WaitForClose());
    }

    private async Task<int> FuzzAsync(int seed, CancellationToken stop)
    {
        var fuzzer = new FrameFuzzer(seed);
        var random = new Random(seed);
        var exchanges = 0;
        while (!stop.IsCancellationRequested)
        {
            var highestId = _server.Server.Store.NextId;
            await AssertExchangeAsync(fuzzer.NextStream(highestId), random, $"seed {seed}, stream {exchanges}");
            exchanges++;
        }

        return exchanges;
    }

    private async Task AssertExchangeAsync(byte[] stream, Random random, string because)
    {
        var expected = ProtocolOracle.Expect(stream, out _);
        because = $"{because} ({stream.Length} bytes: {Convert.ToHexString(stream.AsSpan(0, Math.Min(stream.Length, 48)))})";
        var exchange = await FuzzClient.RunAsync(_server.PipeName, stream, random, s_exchangeTimeout);

        Assert.True(expected.Count == exchange.Responses.Count,
            $"{because}: expected {expected.Count} responses, got {exchange.Responses.Count}: " +
            string.Join(", ", exchange.Responses.Select(r => (StatusKind)r.Status)));
        Assert.Equal(0, exchange.TrailingBytes);
        for (var i = 0; i < expected.Count; i++)
        {
            AssertResponse(expected[i], stream, exchange.Responses[i], $"{because}, response {i}");
        }
    }

    private static void AssertResponse(ExpectedResponse expected, byte[] stream, (byte Status, byte[] Payload) actual, string because)
    {
        var status = (StatusKind)actual.Status;
        var payload = actual.Payload;
        if (expected.Kind == ExpectedKind.BadRequest)
        {
            Assert.True(status == StatusKind.BadRequest, $"{because}: {status}");
            Assert.False(string.IsNullOrWhiteSpace(Encoding.UTF8.GetString(payload)), $"{because}: BAD_REQUEST without a reason");
            return;
        }

        var request = stream.AsSpan(expected.Offset + 5, expected.Length - 5);
        switch ((RequestKind)expected.Opcode)
        {
            case RequestKind.Add:
                Assert.True(status == StatusKind.Ok && payload.Length == 8, $"{because}: ADD got {status}");
                Assert.True(BinaryPrimitives.ReadUInt64LittleEndian(payload) >= 1, because);
                break;
            case RequestKind.Delete:
                Assert.True(status is StatusKind.Ok or StatusKind.NotFound && payload.Length == 0, $"{because}: DELETE got {status}");
                break;
            case RequestKind.Retrieve:
                Assert.True((status == StatusKind.Ok && payload.Length == 8) || (status == StatusKind.NotFound && payload.Length == 0),
                    $"{because}: RETRIEVE got {status} with {payload.Length} bytes");
                break;
            case RequestKind.Count:
                Assert.True(status == StatusKind.Ok && payload.Length == 8, $"{because}: COUNT got {status}");
                break;
            case RequestKind.List:
                AssertList(request, status, payload, because);
                break;
            case RequestKind.Ping:
                Assert.True(status == StatusKind.Ok && request.SequenceEqual(payload), $"{because}: PING not echoed");
                break;
            case RequestKind.Quit:
                Assert.True(status == StatusKind.Ok && payload.Length == 0, $"{because}: QUIT got {status}");
                break;
            default:
                Assert.Fail($"{because}: the oracle expected an answer to opcode 0x{expected.Opcode:X2}");
                break;
        }
    }

    private static void AssertList(ReadOnlySpan<byte> request, StatusKind status, byte[] payload, string because)
    {
        var after = BinaryPrimitives.ReadUInt64LittleEndian(request);
        var limit = BinaryPrimitives.ReadUInt16LittleEndian(request[8..]);
        Assert.True(status == StatusKind.Ok && payload.Length >= 2, $"{because}: LIST got {status}");
        var n = BinaryPrimitives.ReadUInt16LittleEndian(payload);
        Assert.True(n <= limit && payload.Length == 2 + (16 * n), $"{because}: LIST of {n} in {payload.Length} bytes, limit {limit}");
        var previous = after;
        for (var i = 0; i < n; i++)
        {
            var id = BinaryPrimitives.ReadUInt64LittleEndian(payload.AsSpan(2 + (16 * i)));
            Assert.True(id > previous, $"{because}: LIST ids not ascending above {after}");
            previous = id;
        }
    }

    /// <summary>A client that only behaves: PING round trips all through the fuzzing, each one timed.</summary>
    private (int RoundTrips, TimeSpan Slowest) Bystander(CancellationToken stop)
    {
        using var client = _server.Connect();
        var slowest = TimeSpan.Zero;
        var roundTrips = 0;
        var payload = new byte[16];
        while (!stop.IsCancellationRequested)
        {
            BinaryPrimitives.WriteInt32LittleEndian(payload, roundTrips);
            var started = Stopwatch.GetTimestamp();
            client.Send(Frames.Ping(payload));
            var (status, echoed) = client.ReadResponse(TimeSpan.FromSeconds(5));
            var elapsed = Stopwatch.GetElapsedTime(started);
            Assert.Equal(StatusKind.Ok, status);
            Assert.Equal(payload, echoed);
            slowest = elapsed > slowest ? elapsed : slowest;
            roundTrips++;
            Thread.Sleep(2);
        }

        return (roundTrips, slowest);
    }
}
