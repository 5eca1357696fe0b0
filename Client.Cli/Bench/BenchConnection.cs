using System.Buffers.Binary;
using System.IO.Pipes;
using IocpAdmin.Protocol;

namespace IocpAdmin.Cli.Bench;

/// <summary>
/// A benchmark client's connection: the stock .NET pipe client (a Unix socket on Linux, a named
/// pipe on Windows), one reusable send buffer and one receive buffer that the codec parses in
/// place, so the timed loop allocates nothing per request.
/// </summary>
internal sealed class BenchConnection : IAsyncDisposable
{
    private const int ReceiveBufferSize = 64 * 1024;
    private readonly NamedPipeClientStream _stream;
    private readonly byte[] _receive = new byte[ReceiveBufferSize];
    private int _start;
    private int _end;

    private BenchConnection(NamedPipeClientStream stream) => _stream = stream;

    public static async Task<BenchConnection> ConnectAsync(string pipeName, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var stream = new NamedPipeClientStream(".", pipeName, PipeDirection.InOut, PipeOptions.Asynchronous);
        try
        {
            await stream.ConnectAsync(timeout, cancellationToken);
            return new BenchConnection(stream);
        }
        catch
        {
            await stream.DisposeAsync();
            throw;
        }
    }

    public ValueTask SendAsync(ReadOnlyMemory<byte> frames, CancellationToken cancellationToken) =>
        _stream.WriteAsync(frames, cancellationToken);

    /// <summary>Reads what the server has sent; throws <see cref="EndOfStreamException"/> when it closed the connection.</summary>
    public async ValueTask ReceiveAsync(CancellationToken cancellationToken)
    {
        if (_start == _end)
        {
            _start = _end = 0;
        }
        else if (_receive.Length - _end < ProtocolLimits.MaxListResponseSize)
        {
            // Responses the benchmark asks for are at most a few dozen bytes; moving the unparsed
            // tail to the front keeps room for a whole read without ever growing the buffer.
            _receive.AsSpan(_start, _end - _start).CopyTo(_receive);
            _end -= _start;
            _start = 0;
        }

        var read = await _stream.ReadAsync(_receive.AsMemory(_end), cancellationToken);
        if (read == 0)
        {
            throw new EndOfStreamException("the server closed the connection");
        }

        _end += read;
    }

    /// <summary>The next whole response: its status, and its payload read as a u64 when it is 8 bytes (an ADD's id).</summary>
    public bool TryTakeResponse(out StatusKind status, out ulong value, out string? reason)
    {
        if (!ResponseReader.TryReadResponse(_receive.AsSpan(_start, _end - _start), out var response, out var consumed))
        {
            status = default;
            value = 0;
            reason = null;
            return false;
        }

        status = response.Status;
        value = response.Payload.Length == sizeof(ulong) ? BinaryPrimitives.ReadUInt64LittleEndian(response.Payload) : 0;
        reason = status is StatusKind.Error or StatusKind.BadRequest or StatusKind.Busy ? response.ReadReason() : null;
        _start += consumed;
        return true;
    }

    public ValueTask DisposeAsync() => _stream.DisposeAsync();
}
