using System.Buffers;
using IocpAdmin.Protocol;

namespace IocpAdmin.Server.Sessions;

// The input and output buffers: rented from the shared pool while the connection is busy and
// returned when it goes idle, so 10,000 quiet clients hold no buffers at all.
internal sealed partial class RequestProcessor
{
    /// <summary>A receive asks for at least this much room: a page holds hundreds of pipelined requests.</summary>
    public const int ReceiveSize = 4096;

    /// <summary>
    /// Responses are written once this many bytes are waiting, or sooner when nothing more can be
    /// answered; a client that does not read its responses is not read from meanwhile (back-pressure).
    /// </summary>
    public const int FlushThreshold = 16 * 1024;

    private const int OutputSize = FlushThreshold + ResponseWriter.EmptySize + ResponseWriter.MaxReasonSize;

    private byte[]? _input;
    private int _inputStart;
    private int _inputEnd;
    private byte[]? _output;
    private int _outputSent;
    private int _outputEnd;
    private bool _discardOutput;

    /// <summary>Bytes received and not yet consumed (at most one partial frame, or frames held back by back-pressure).</summary>
    public int BufferedInput => _inputEnd - _inputStart;

    public bool HasPendingOutput => _outputEnd > _outputSent;

    /// <summary>The responses not yet written.</summary>
    public ReadOnlyMemory<byte> PendingOutput => _output.AsMemory(_outputSent, _outputEnd - _outputSent);

    private int PendingOutputLength => _outputEnd - _outputSent;

    private ReadOnlySpan<byte> InputSpan => _input.AsSpan(_inputStart, _inputEnd - _inputStart);

    /// <summary>
    /// Room for the next receive: at least <see cref="ReceiveSize"/>, and enough for the whole of a
    /// partial frame whose length is known (a 64 KiB PING arrives in one buffer).
    /// </summary>
    public Memory<byte> GetReceiveBuffer()
    {
        var buffered = BufferedInput;
        var wanted = ReceiveSize;
        if (RequestReader.TryGetFrameSize(InputSpan, out var frameSize) && frameSize > buffered)
        {
            wanted = Math.Max(wanted, frameSize - buffered);
        }

        if (_input is null)
        {
            _input = ArrayPool<byte>.Shared.Rent(wanted);
            _inputStart = _inputEnd = 0;
        }
        else if (_input.Length - _inputEnd < wanted)
        {
            if (buffered + wanted <= _input.Length)
            {
                // Only a partial frame is ever moved here: at most one frame's bytes.
                _input.AsSpan(_inputStart, buffered).CopyTo(_input);
            }
            else
            {
                var larger = ArrayPool<byte>.Shared.Rent(buffered + wanted);
                _input.AsSpan(_inputStart, buffered).CopyTo(larger);
                ArrayPool<byte>.Shared.Return(_input);
                _input = larger;
            }

            _inputStart = 0;
            _inputEnd = buffered;
        }

        return _input.AsMemory(_inputEnd);
    }

    /// <summary>Acknowledges a write of <paramref name="bytes"/> from the front of <see cref="PendingOutput"/>.</summary>
    public void OnSent(int bytes, long queueTicks = 0)
    {
        _outputSent += bytes;
        Volatile.Write(ref _bytesSent, _bytesSent + bytes);
        if (_outputSent == _outputEnd)
        {
            _outputSent = _outputEnd = 0;
            if (_output!.Length > OutputSize)
            {
                // A one-off large response (a 64 KiB PING, long LISTs) does not pin a large buffer.
                ArrayPool<byte>.Shared.Return(_output);
                _output = null;
            }
        }

        _timer.OnSent(drained: _outputSent == _outputEnd, queueTicks);
    }

    /// <summary>
    /// The client has gone (its end is closed): drops the responses not yet written, and every later
    /// one, while the requests already received still run.
    /// </summary>
    public void DiscardOutput()
    {
        _discardOutput = true;
        _outputSent = _outputEnd = 0;
        _timer.Discard();
    }

    /// <summary>Returns both buffers to the pool; only while idle or closing.</summary>
    public void ReleaseBuffers()
    {
        if (_input is not null)
        {
            ArrayPool<byte>.Shared.Return(_input);
            _input = null;
            _inputStart = _inputEnd = 0;
        }

        if (_output is not null)
        {
            ArrayPool<byte>.Shared.Return(_output);
            _output = null;
            _outputSent = _outputEnd = 0;
        }
    }

    /// <summary>
    /// Lets go of both buffers without returning them to the pool: for a connection that failed
    /// while an operation may still be writing into one. The garbage collector takes them once the
    /// transport lets go too; the pool never hands them to another client meanwhile.
    /// </summary>
    public void Abandon()
    {
        _input = null;
        _inputStart = _inputEnd = 0;
        _output = null;
        _outputSent = _outputEnd = 0;
    }

    private long _bytesReceived;
    private long _bytesSent;

    /// <summary>Bytes received from the client so far.</summary>
    public long BytesReceived => Volatile.Read(ref _bytesReceived);

    /// <summary>Bytes of responses written to the client so far.</summary>
    public long BytesSent => Volatile.Read(ref _bytesSent);

    private void CommitReceived(int bytes)
    {
        _inputEnd += bytes;
        Volatile.Write(ref _bytesReceived, _bytesReceived + bytes);
    }

    private void ConsumeInput(int bytes)
    {
        _inputStart += bytes;
        Volatile.Write(ref _partialSince, 0);
        if (_inputStart == _inputEnd)
        {
            _inputStart = _inputEnd = 0;
            if (_input!.Length > ReceiveSize)
            {
                ArrayPool<byte>.Shared.Return(_input);
                _input = null;
            }
        }
    }

    // The partial frame's start time stays: the session closes next, and its close line says how
    // old the frame it cut off was.
    private void DiscardInput() => _inputStart = _inputEnd = 0;

    /// <summary>Room for a response of up to <paramref name="size"/> bytes at the end of the output.</summary>
    private Span<byte> ReserveOutput(int size)
    {
        if (_output is null)
        {
            _output = ArrayPool<byte>.Shared.Rent(Math.Max(size, OutputSize));
        }
        else if (_output.Length - _outputEnd < size)
        {
            var larger = ArrayPool<byte>.Shared.Rent(Math.Max(_output.Length * 2, _outputEnd + size));
            _output.AsSpan(0, _outputEnd).CopyTo(larger);
            ArrayPool<byte>.Shared.Return(_output);
            _output = larger;
        }

        return _output.AsSpan(_outputEnd);
    }

    private void CommitOutput(int bytes)
    {
        if (!_discardOutput)
        {
            _outputEnd += bytes;
        }
    }
}
