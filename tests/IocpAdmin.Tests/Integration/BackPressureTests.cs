using System.Diagnostics;
using System.Net.Sockets;
using IocpAdmin.Protocol;
using IocpAdmin.Server.Sessions;
using IocpAdmin.Tests.Infrastructure;

namespace IocpAdmin.Tests.Integration;

/// <summary>docs/protocol.md rule 2: a client that does not read is no longer read from, and loses nothing.</summary>
public sealed class BackPressureTests
{
    [Fact]
    public async Task ClientThatDoesNotRead_IsNoLongerReadFrom_ThenGetsEveryResponseInOrder()
    {
        await using var server = await TestServer.StartAsync();
        using var client = server.Connect();
        var payload = Enumerable.Range(0, 60_000).Select(i => (byte)i).ToArray();
        var frame = Frames.Ping(payload);
        client.Socket.Blocking = false;
        var framesStarted = 0;
        var offsetInFrame = 0;
        var stalled = Stopwatch.StartNew();
        long lastReceived = -1;

        // Write without reading until the server has stopped reading from us: its session sits
        // in Sending (its responses wait for us), its byte count no longer moves, and nothing more
        // of ours has fitted into the pipe for 300 ms.
        await Eventually.TrueAsync(() =>
        {
            SocketError error;
            while (true)
            {
                var sent = client.Socket.Send(frame.AsSpan(offsetInFrame), SocketFlags.None, out error);
                if (error != SocketError.Success)
                {
                    break;
                }

                framesStarted += offsetInFrame == 0 ? 1 : 0;
                offsetInFrame = (offsetInFrame + sent) % frame.Length;
                stalled.Restart();
            }

            Assert.Equal(SocketError.WouldBlock, error);
            // The kernel queues a connection and its first bytes before the server accepts it.
            var session = server.Server.Monitor.GetSessions().SingleOrDefault();
            var stopped = session is { State: SessionState.Sending } && session.BytesReceived == lastReceived
                && stalled.Elapsed > TimeSpan.FromMilliseconds(300);
            lastReceived = session?.BytesReceived ?? -1;
            return stopped;
        }, TimeSpan.FromSeconds(15), "the server stops reading from a client that never reads");

        var held = server.Server.Monitor.GetSessions().Single();
        Assert.True(held.BytesReceived < (long)framesStarted * frame.Length, "some of what we sent is still waiting in the pipe, unread");

        // Now read, as a well-behaved client does, while the last frame's tail goes out: the
        // server answers nothing more until we read, so the two must run side by side.
        client.Socket.Blocking = true;
        var reader = Task.Run(() => ClientThreads.Run(1, _ =>
        {
            for (var i = 0; i < framesStarted; i++)
            {
                var (status, echoed) = client.ReadResponse();
                Assert.Equal(StatusKind.Ok, status);
                Assert.True(echoed.AsSpan().SequenceEqual(payload), $"response {i} does not echo its request");
            }

            return true;
        }));
        if (offsetInFrame != 0)
        {
            client.Send(frame.AsSpan(offsetInFrame));
        }

        await reader.WaitAsync(TimeSpan.FromSeconds(60));

        client.Send(Frames.Count());
        Assert.Equal(0ul, client.ReadId());
    }
}
