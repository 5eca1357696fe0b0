using System.IO.Pipes;
using IocpAdmin.Protocol;

namespace IocpAdmin.Cli.Connection;

/// <summary>
/// One connection to the server through .NET's stock pipe client: frames out, responses in.
/// Responses are read with the codec's resumable reader, so any split of the stream works.
/// </summary>
internal sealed class PipeClient : IAsyncDisposable
{
    private readonly NamedPipeClientStream _stream;
    private byte[] _buffer = new byte[16 * 1024];
    private int _start;
    private int _end;

    private PipeClient(NamedPipeClientStream stream) => _stream = stream;

    /// <summary>Connects within <paramref name="timeout"/>; throws <see cref="TimeoutException"/> when no server answers.</summary>
    public static async Task<PipeClient> ConnectAsync(string pipeName, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var stream = new NamedPipeClientStream(".", pipeName, PipeDirection.InOut, PipeOptions.Asynchronous);
        try
        {
            await stream.ConnectAsync(timeout, cancellationToken);
            return new PipeClient(stream);
        }
        catch
        {
            await stream.DisposeAsync();
            throw;
        }
    }

    public ValueTask SendAsync(ReadOnlyMemory<byte> frames, CancellationToken cancellationToken) =>
        _stream.WriteAsync(frames, cancellationToken);

    /// <summary>Reads the next response. A BUSY response throws <see cref="ServerBusyException"/>.</summary>
    public async Task<ResponseFrame> ReceiveAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            if (TryTakeResponse(out var frame))
            {
                return frame.Status == StatusKind.Busy
                    ? throw new ServerBusyException(frame.View.ReadReason())
                    : frame;
            }

            MakeRoom();
            var read = await _stream.ReadAsync(_buffer.AsMemory(_end), cancellationToken);
            if (read == 0)
            {
                throw new EndOfStreamException("the server closed the connection before answering");
            }

            _end += read;
        }
    }

    public ValueTask DisposeAsync() => _stream.DisposeAsync();

    private bool TryTakeResponse(out ResponseFrame frame)
    {
        if (!ResponseReader.TryReadResponse(_buffer.AsSpan(_start, _end - _start), out var response, out var consumed))
        {
            frame = default;
            return false;
        }

        frame = new ResponseFrame(response.Status, response.Payload.ToArray());
        _start += consumed;
        return true;
    }

    private void MakeRoom()
    {
        var buffered = _end - _start;
        if (_buffer.Length - _end >= 4096)
        {
            return;
        }

        // A response is at most 64 KiB plus its prefix; grow to hold one whole.
        var target = buffered + 4096 > _buffer.Length ? new byte[Math.Max(_buffer.Length * 2, ProtocolLimits.MaxWireFrameSize + 4096)] : _buffer;
        _buffer.AsSpan(_start, buffered).CopyTo(target);
        _buffer = target;
        _start = 0;
        _end = buffered;
    }
}
