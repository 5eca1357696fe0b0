using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Sockets;
using IocpAdmin.Protocol;
using IocpAdmin.Tests.Infrastructure;

namespace IocpAdmin.Tests.Processes;

/// <summary>docs/protocol.md rule 8 under load, against the real process: SIGTERM while many clients pipeline mixed requests.</summary>
public sealed class GracefulShutdownTests(ITestOutputHelper output) : IDisposable
{
    private const int ClientCount = 32;
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task Sigterm_UnderMixedLoad_AnswersInOrderClosesCleanly_FlushesTheStore_AndExitsInTime()
    {
        var database = _directory.File("records.db");
        var pipe = TestNames.Pipe();
        var live = new ConcurrentDictionary<ulong, (int A, int B)>();
        var answered = new long[ClientCount];
        TimeSpan exitedAfter;
        await using (var server = await ServerProcess.StartAsync(database, pipe))
        {
            var clients = Task.Factory.StartNew(() => ClientThreads.Run(ClientCount, c => Load(pipe, c, live, answered), TimeSpan.FromSeconds(60)),
                TaskCreationOptions.LongRunning);
            await Eventually.TrueAsync(() => answered.Sum() > 20_000, TimeSpan.FromSeconds(60), "the clients have load going");

            var signalled = Stopwatch.StartNew();
            server.Terminate();
            var exitCode = await server.WaitForExitAsync(TimeSpan.FromSeconds(30));
            exitedAfter = signalled.Elapsed;
            await clients;
            Assert.Equal(0, exitCode);
            // Every session drained by itself (none cut off at the deadline), then the store closed.
            Assert.Contains("(0 clients were still connected", server.Output, StringComparison.Ordinal);
            Assert.Contains("Record store closed", server.Output, StringComparison.Ordinal);
        }

        output.WriteLine($"{answered.Sum():N0} responses to {ClientCount} clients; exited {exitedAfter.TotalMilliseconds:F0} ms after SIGTERM");
        // Within the drain window, not cut off by the host's own shutdown timeout.
        Assert.True(exitedAfter < TimeSpan.FromSeconds(10), $"exit took {exitedAfter}");

        await using var restarted = await ServerProcess.StartAsync(database, pipe);
        using var check = RawClient.Connect(pipe);
        check.Send(Frames.Count());
        Assert.Equal((ulong)live.Count, check.ReadId());
        StoreChecks.AssertAllPresent(check, live, "SIGTERM under load");
        Assert.Equal("ok", StoreChecks.IntegrityCheck(database));
    }

    /// <summary>
    /// One client: rounds of ADD, ADD, RETRIEVE, DELETE, PING, COUNT pipelined in one write, until the
    /// server closes. Every answer must match its request; the stream must end between frames.
    /// </summary>
    private static bool Load(string pipe, int client, ConcurrentDictionary<ulong, (int, int)> live, long[] answered)
    {
        using var connection = RawClient.Connect(pipe);
        var socket = connection.Socket;
        ulong previous = 0;
        for (var round = 0; ; round++)
        {
            var ping = BitConverter.GetBytes(round);
            var group = Frames.Concat(Frames.Add(client, round), Frames.Add(client, -round), Frames.Retrieve(previous),
                Frames.Delete(previous), Frames.Ping(ping), Frames.Count());
            try
            {
                socket.Send(group);
            }
            catch (SocketException ex) when (ex.SocketErrorCode is SocketError.ConnectionReset or SocketError.Shutdown)
            {
                // Closed while we were writing: what we still read below is what it answered.
            }

            ulong first = 0;
            for (var i = 0; i < 6; i++)
            {
                if (!TryReadResponse(socket, out var status, out var payload))
                {
                    return true;
                }

                if (status == StatusKind.Busy)
                {
                    Assert.Contains("shutting down", System.Text.Encoding.UTF8.GetString(payload));
                    Assert.False(TryReadResponse(socket, out _, out _), "a response after BUSY");
                    return true;
                }

                Interlocked.Increment(ref answered[client]);
                switch (i)
                {
                    case 0 or 1:
                        Assert.Equal(StatusKind.Ok, status);
                        var id = BinaryPrimitives.ReadUInt64LittleEndian(payload);
                        live[id] = (client, i == 0 ? round : -round);
                        first = i == 0 ? id : first;
                        break;
                    case 2:
                        Assert.Equal(previous == 0 ? StatusKind.NotFound : StatusKind.Ok, status);
                        break;
                    case 3:
                        Assert.Equal(previous == 0 ? StatusKind.NotFound : StatusKind.Ok, status);
                        live.TryRemove(previous, out _);
                        break;
                    case 4:
                        Assert.Equal(ping, payload);
                        break;
                    default:
                        Assert.Equal(StatusKind.Ok, status);
                        break;
                }
            }

            previous = first;
        }
    }

    /// <summary>Reads one whole response; false on a clean close between frames. A close inside a frame fails the test.</summary>
    private static bool TryReadResponse(Socket socket, out StatusKind status, out byte[] payload)
    {
        status = default;
        payload = [];
        var prefix = new byte[4];
        if (!TryReceive(socket, prefix, allowCloseAtStart: true))
        {
            return false;
        }

        var frame = new byte[BinaryPrimitives.ReadUInt32LittleEndian(prefix)];
        Assert.True(TryReceive(socket, frame, allowCloseAtStart: false), "the server closed in the middle of a response");
        status = (StatusKind)frame[0];
        payload = frame[1..];
        return true;
    }

    private static bool TryReceive(Socket socket, byte[] buffer, bool allowCloseAtStart)
    {
        socket.ReceiveTimeout = 20_000;
        var received = 0;
        while (received < buffer.Length)
        {
            int n;
            try
            {
                n = socket.Receive(buffer, received, buffer.Length - received, SocketFlags.None);
            }
            catch (SocketException ex) when (ex.SocketErrorCode == SocketError.ConnectionReset)
            {
                n = 0;
            }

            if (n == 0)
            {
                Assert.True(allowCloseAtStart && received == 0, $"closed after {received} of {buffer.Length} bytes");
                return false;
            }

            received += n;
        }

        return true;
    }
}
