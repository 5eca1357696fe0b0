using System.Diagnostics;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using IocpAdmin.Protocol;
using IocpAdmin.Tests.Infrastructure;

namespace IocpAdmin.Tests.Processes;

/// <summary>
/// Clients that send nothing, or never read, against the real server process: they cost the
/// server a bounded amount, never its other clients' service.
/// </summary>
public sealed class SlowClientTests(ITestOutputHelper output) : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task ThousandIdleClients_OthersAreServedAtOnce_AndTheClientBeyondTheLimitGetsBusy()
    {
        const int idleCount = 1_000;
        const int maxClients = 1_010;
        await using var server = await ServerProcess.StartAsync(_directory.File("records.db"), null, $"--Engine:MaxClients={maxClients}");
        var idle = new List<RawClient>();
        try
        {
            for (var i = 0; i < idleCount; i++)
            {
                idle.Add(RawClient.Connect(server.PipeName));
            }

            await Eventually.TrueAsync(async () => await ConnectedClientsAsync(server) == idleCount, TimeSpan.FromSeconds(30), "the server accepts all idle clients");

            var active = Enumerable.Range(0, maxClients - idleCount).Select(_ => RawClient.Connect(server.PipeName)).ToList();
            var slowest = TimeSpan.Zero;
            foreach (var (client, i) in active.Select((c, i) => (c, i)))
            {
                var started = Stopwatch.GetTimestamp();
                client.Send(Frames.Add(i, i));
                var id = client.ReadId();
                client.Send(Frames.Retrieve(id));
                Assert.Equal(StatusKind.Ok, client.ReadResponse().Status);
                var elapsed = Stopwatch.GetElapsedTime(started);
                slowest = elapsed > slowest ? elapsed : slowest;
            }

            output.WriteLine($"slowest of {maxClients - idleCount} clients beside {idleCount} idle: {slowest.TotalMilliseconds:F1} ms; server threads {server.ThreadCount()}");
            Assert.True(slowest < TimeSpan.FromSeconds(1), $"a client beside 1,000 idle ones waited {slowest.TotalMilliseconds:F0} ms");

            using var beyond = RawClient.Connect(server.PipeName);
            var (status, reason) = beyond.ReadResponse();
            Assert.Equal(StatusKind.Busy, status);
            Assert.Contains(maxClients.ToString(System.Globalization.CultureInfo.InvariantCulture), Encoding.UTF8.GetString(reason));
            Assert.True(beyond.WaitForClose());

            // Rule 7: idle clients are not dropped for being idle, and they cost no thread each.
            Assert.False(idle[0].WaitForClose(TimeSpan.FromMilliseconds(200)), "an idle client was dropped");
            idle[^1].Send(Frames.Count());
            Assert.Equal((ulong)(maxClients - idleCount), idle[^1].ReadId());
            Assert.True(server.ThreadCount() < 100, $"the server runs {server.ThreadCount()} threads for {maxClients} clients");
            active.ForEach(c => c.Dispose());
        }
        finally
        {
            idle.ForEach(c => c.Dispose());
        }
    }

    [Fact]
    public async Task ClientsThatNeverRead_AreBackPressured_ServerMemoryStaysBounded_AndEveryResponseArrivesLater()
    {
        const int clientCount = 40;
        await using var server = await ServerProcess.StartAsync(_directory.File("records.db"));
        var payload = Enumerable.Range(0, 60_000).Select(i => (byte)(i * 7)).ToArray();
        var frame = Frames.Ping(payload);
        using (var warm = RawClient.Connect(server.PipeName))
        {
            for (var i = 0; i < 200; i++)
            {
                warm.Send(frame);
                warm.ReadResponse();
            }
        }

        var baseline = server.ResidentBytes();
        var clients = Enumerable.Range(0, clientCount).Select(_ => RawClient.Connect(server.PipeName)).ToList();
        var framesStarted = new int[clientCount];
        var offsets = new int[clientCount];
        var written = new long[clientCount];
        clients.ForEach(c => c.Socket.Blocking = false);

        // Every client writes pipelined PINGs and reads nothing, for three seconds: long after
        // the server has stopped reading from them, each blocked by a full pipe.
        var clock = Stopwatch.StartNew();
        var peak = baseline;
        while (clock.Elapsed < TimeSpan.FromSeconds(3))
        {
            for (var i = 0; i < clientCount; i++)
            {
                var sent = clients[i].Socket.Send(frame.AsSpan(offsets[i]), SocketFlags.None, out var error);
                if (error == SocketError.Success)
                {
                    framesStarted[i] += offsets[i] == 0 ? 1 : 0;
                    offsets[i] = (offsets[i] + sent) % frame.Length;
                    written[i] += sent;
                }
                else
                {
                    Assert.Equal(SocketError.WouldBlock, error);
                }
            }

            peak = Math.Max(peak, server.ResidentBytes());
            await Task.Delay(5);
        }

        var growth = peak - baseline;
        output.WriteLine($"{clientCount} clients that never read: at most {written.Max():N0} bytes each got in; server RSS {baseline / 1048576.0:F0} MB -> peak {peak / 1048576.0:F0} MB");
        Assert.True(written.Max() < 8 * 1024 * 1024, $"a client that never reads got {written.Max():N0} bytes into the server");
        Assert.True(growth < 64 * 1024 * 1024, $"the server grew by {growth:N0} bytes for {clientCount} clients that never read");

        // Now they read: every PING is answered, in order, nothing lost to the back-pressure. The
        // tail of a half-sent frame goes out beside the reads: the server reads it only as we read.
        clients.ForEach(c => c.Socket.Blocking = true);
        ClientThreads.Run(clientCount, i =>
        {
            var tail = Task.Factory.StartNew(() => clients[i].Send(frame.AsSpan(offsets[i] == 0 ? frame.Length : offsets[i])),
                TaskCreationOptions.LongRunning);
            for (var n = 0; n < framesStarted[i]; n++)
            {
                var (status, echoed) = clients[i].ReadResponse();
                Assert.Equal(StatusKind.Ok, status);
                Assert.True(echoed.AsSpan().SequenceEqual(payload), $"client {i}, response {n} does not echo its request");
            }

            tail.Wait();
            return true;
        }, TimeSpan.FromSeconds(90));
        foreach (var client in clients)
        {
            client.Send(Frames.Count());
            Assert.Equal(0ul, client.ReadId());
            client.Dispose();
        }
    }

    private static async Task<int> ConnectedClientsAsync(ServerProcess server)
    {
        var health = await server.HealthAsync();
        return health.GetProperty("entries").GetProperty("record-server").GetProperty("data").GetProperty("clients").GetInt32();
    }
}
