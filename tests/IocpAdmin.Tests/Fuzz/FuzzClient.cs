using System.Buffers.Binary;
using System.Net.Sockets;
using IocpAdmin.Protocol;
using IocpAdmin.Tests.Infrastructure;

namespace IocpAdmin.Tests.Fuzz;

/// <summary>
/// Sends one fuzz stream over a raw AF_UNIX connection, in random chunks, while reading whatever
/// comes back until the server closes; both directions at once, so a stream whose echoes exceed
/// the socket buffers cannot deadlock against the server's back-pressure.
/// </summary>
public static class FuzzClient
{
    public sealed record Exchange(List<(byte Status, byte[] Payload)> Responses, int TrailingBytes);

    public static async Task<Exchange> RunAsync(string pipeName, byte[] stream, Random random, TimeSpan timeout)
    {
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        using var cancel = new CancellationTokenSource(timeout);
        await socket.ConnectAsync(new UnixDomainSocketEndPoint(PipeAddress.UnixSocketPathOf(pipeName)), cancel.Token);
        var chunks = new List<int>();
        for (var sent = 0; sent < stream.Length;)
        {
            var size = Math.Min(stream.Length - sent, random.Next(3) == 0 ? random.Next(1, 8) : random.Next(1, 70_000));
            chunks.Add(size);
            sent += size;
        }

        var sending = SendAsync(socket, stream, chunks, cancel.Token);
        var received = await ReceiveUntilClosedAsync(socket, cancel.Token);
        await sending;
        var responses = new List<(byte, byte[])>();
        var position = 0;
        while (received.Count - position >= 5)
        {
            var length = (int)BinaryPrimitives.ReadUInt32LittleEndian(received.GetRange(position, 4).ToArray());
            if (length is < 1 or > 65_536 || received.Count - position < 4 + length)
            {
                break;
            }

            responses.Add((received[position + 4], received.GetRange(position + 5, length - 1).ToArray()));
            position += 4 + length;
        }

        return new Exchange(responses, received.Count - position);
    }

    private static async Task SendAsync(Socket socket, byte[] stream, List<int> chunks, CancellationToken cancel)
    {
        var offset = 0;
        try
        {
            foreach (var size in chunks)
            {
                await socket.SendAsync(stream.AsMemory(offset, size), SocketFlags.None, cancel);
                offset += size;
            }

            socket.Shutdown(SocketShutdown.Send);
        }
        catch (SocketException ex) when (ex.SocketErrorCode is SocketError.ConnectionReset or SocketError.Shutdown or SocketError.ConnectionAborted)
        {
            // The server closed first (after BAD_REQUEST or QUIT): the rest was never meant to be read.
        }
    }

    private static async Task<List<byte>> ReceiveUntilClosedAsync(Socket socket, CancellationToken cancel)
    {
        var received = new List<byte>();
        var buffer = new byte[81_920];
        try
        {
            while (true)
            {
                var n = await socket.ReceiveAsync(buffer, SocketFlags.None, cancel);
                if (n == 0)
                {
                    return received;
                }

                received.AddRange(buffer.AsSpan(0, n));
            }
        }
        catch (SocketException ex) when (ex.SocketErrorCode == SocketError.ConnectionReset)
        {
            // Closed with our bytes unread: AF_UNIX reports that as a reset once the data is read.
            return received;
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"The server neither answered nor closed within the timeout ({received.Count} bytes received).");
        }
    }
}
