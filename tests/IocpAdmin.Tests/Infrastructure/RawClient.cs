using System.Buffers.Binary;
using System.IO.Pipes;
using System.Net.Sockets;
using IocpAdmin.Protocol;

namespace IocpAdmin.Tests.Infrastructure;

/// <summary>
/// A pipe client that speaks raw bytes, exactly as a client written in another language would: a
/// plain AF_UNIX socket on Linux, the named pipe (CreateFile, ReadFile, WriteFile, which is all
/// .NET's client stream does) on Windows. It proves the wire contract, not the project's own client.
/// Every read is bounded by a timeout.
/// </summary>
public sealed class RawClient : IDisposable
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(10);

    private readonly Socket? _socket;
    private readonly NamedPipeClientStream? _pipe;

    private RawClient(Socket socket) => _socket = socket;

    private RawClient(NamedPipeClientStream pipe) => _pipe = pipe;

    public static RawClient Connect(string pipeName)
    {
        if (OperatingSystem.IsWindows())
        {
            // Connect waits (WaitNamedPipe) while every instance is taken, as a Windows client should.
            var pipe = new NamedPipeClientStream(".", pipeName, PipeDirection.InOut, PipeOptions.Asynchronous);
            try
            {
                pipe.Connect(DefaultTimeout);
            }
            catch
            {
                pipe.Dispose();
                throw;
            }

            return new RawClient(pipe);
        }

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

    /// <summary>Whether this client can close its sending direction alone: a socket can, a Windows pipe cannot.</summary>
    public static bool CanHalfClose => !OperatingSystem.IsWindows();

    /// <summary>The underlying socket, for tests that need non-blocking sends (Unix only).</summary>
    public Socket Socket => _socket ?? throw new PlatformNotSupportedException("A Windows pipe client has no socket.");

    public void Send(ReadOnlySpan<byte> bytes)
    {
        if (_pipe is not null)
        {
            _pipe.Write(bytes);
            return;
        }

        _socket!.Send(bytes);
    }

    public void SendHex(string hex) => Send(Hex.Parse(hex));

    /// <summary>
    /// A client that does not read: on another thread, sends 60 KB PINGs and never reads the
    /// answers, until the server stops reading from it (back-pressure) and the writes block, and
    /// then until <paramref name="stop"/> or the connection ends. The task ends with it.
    /// </summary>
    public Task FloodWithoutReading(CancellationToken stop)
    {
        var frame = Frames.Ping(new byte[60_000]);
        return Task.Run(() =>
        {
            try
            {
                while (!stop.IsCancellationRequested)
                {
                    Send(frame);
                }
            }
            catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException)
            {
                // The server or the test closed it.
            }
        }, CancellationToken.None);
    }

    /// <summary>Closes the sending direction only: the server sees end of stream, we can still read.</summary>
    public void ShutdownSend()
    {
        if (!CanHalfClose)
        {
            throw new PlatformNotSupportedException("A Windows named pipe cannot close one direction.");
        }

        _socket!.Shutdown(SocketShutdown.Send);
    }

    public byte[] ReceiveExactly(int count, TimeSpan? timeout = null)
    {
        var buffer = new byte[count];
        var received = 0;
        while (received < count)
        {
            var n = Receive(buffer.AsSpan(received), timeout ?? DefaultTimeout);
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
        var one = new byte[1];
        try
        {
            var n = Receive(one, timeout ?? DefaultTimeout);
            Assert.True(n == 0, $"Expected the connection to close, but the server sent 0x{one[0]:X2}.");
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
        catch (SocketException ex) when (ex.SocketErrorCode == SocketError.ConnectionReset)
        {
            return true;
        }
        catch (IOException) when (_pipe is not null)
        {
            // The server disconnected the pipe under the read (DisconnectNamedPipe).
            return true;
        }
    }

    public void Dispose()
    {
        _socket?.Dispose();
        _pipe?.Dispose();
    }

    /// <summary>One read: the bytes received (0 at end of stream); <see cref="TimeoutException"/> when none come in time.</summary>
    private int Receive(Span<byte> buffer, TimeSpan timeout)
    {
        if (_pipe is not null)
        {
            var rented = new byte[buffer.Length];
            using var limit = new CancellationTokenSource(timeout);
            int n;
            try
            {
                n = _pipe.ReadAsync(rented, limit.Token).AsTask().GetAwaiter().GetResult();
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"Nothing arrived within {timeout}.");
            }

            rented.AsSpan(0, n).CopyTo(buffer);
            return n;
        }

        _socket!.ReceiveTimeout = (int)timeout.TotalMilliseconds;
        try
        {
            return _socket.Receive(buffer);
        }
        catch (SocketException ex) when (ex.SocketErrorCode is SocketError.TimedOut or SocketError.WouldBlock)
        {
            throw new TimeoutException($"Nothing arrived within {timeout}.", ex);
        }
    }
}
