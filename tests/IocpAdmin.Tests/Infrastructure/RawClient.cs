using System.Buffers.Binary;
using System.Net.Sockets;
using IocpAdmin.Protocol;

namespace IocpAdmin.Tests.Infrastructure;

/// <summary>
/// A pipe client that speaks raw bytes over a plain AF_UNIX socket, exactly as a client written
/// in another language would: it proves the wire contract, not the project's own client.
/// Every read is bounded by a timeout.
/// </summary>
public sealed class RawClient : IDisposable
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(10);

    private readonly Socket _socket;

    private RawClient(Socket socket) => _socket = socket;

    public static RawClient Connect(string pipeName)
    {
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            socket.Connect(new UnixDomainSocketEndPoint(PipeAddress.UnixSocketPathOf(pipeName)));
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        return new RawClient(socket);
    }

    public void Send(ReadOnlySpan<byte> bytes) => _socket.Send(bytes);

    /// <summary>The underlying socket, for tests that need non-blocking sends.</summary>
    public Socket Socket => _socket;

    public void SendHex(string hex) => Send(Hex.Parse(hex));

    /// <summary>Closes the sending direction only: the server sees end of stream, we can still read.</summary>
    public void ShutdownSend() => _socket.Shutdown(SocketShutdown.Send);

    public byte[] ReceiveExactly(int count, TimeSpan? timeout = null)
    {
        var buffer = new byte[count];
        _socket.ReceiveTimeout = (int)(timeout ?? DefaultTimeout).TotalMilliseconds;
        var received = 0;
        while (received < count)
        {
            var n = _socket.Receive(buffer, received, count - received, SocketFlags.None);
            if (n == 0)
            {
                throw new EndOfStreamException($"The server closed the connection after {received} of {count} bytes.");
            }

            received += n;
        }

        return buffer;
    }

    /// <summary>Reads one response frame: its status and payload.</summary>
    public (StatusKind Status, byte[] Payload) ReadResponse(TimeSpan? timeout = null)
    {
        var prefix = ReceiveExactly(4, timeout);
        var length = BinaryPrimitives.ReadUInt32LittleEndian(prefix);
        Assert.InRange(length, 1u, 65_536u);
        var frame = ReceiveExactly((int)length, timeout);
        return ((StatusKind)frame[0], frame[1..]);
    }

    public ulong ReadId()
    {
        var (status, payload) = ReadResponse();
        Assert.Equal(StatusKind.Ok, status);
        Assert.Equal(8, payload.Length);
        return BinaryPrimitives.ReadUInt64LittleEndian(payload);
    }

    /// <summary>
    /// True when the server has closed the connection (end of stream, or a reset after it closed
    /// with our bytes unread) within the timeout; false if the connection is still open then.
    /// Any bytes that arrive first are a test failure.
    /// </summary>
    public bool WaitForClose(TimeSpan? timeout = null)
    {
        _socket.ReceiveTimeout = (int)(timeout ?? DefaultTimeout).TotalMilliseconds;
        var one = new byte[1];
        try
        {
            var n = _socket.Receive(one);
            Assert.True(n == 0, $"Expected the connection to close, but the server sent 0x{one[0]:X2}.");
            return true;
        }
        catch (SocketException ex) when (ex.SocketErrorCode == SocketError.TimedOut || ex.SocketErrorCode == SocketError.WouldBlock)
        {
            return false;
        }
        catch (SocketException ex) when (ex.SocketErrorCode == SocketError.ConnectionReset)
        {
            return true;
        }
    }

    public void Dispose() => _socket.Dispose();
}
