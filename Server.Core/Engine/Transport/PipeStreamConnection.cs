using System.IO.Pipes;
using System.Runtime.CompilerServices;
using System.Runtime.Versioning;
using IocpAdmin.Server.Engine.Windows;

namespace IocpAdmin.Server.Engine.Transport;

/// <summary>
/// A pipe connection on <see cref="NamedPipeServerStream"/>: the real named pipe on Windows, where
/// its overlapped I/O completes on the runtime's own completion port and is forwarded to ours.
/// It also runs on Unix (over the same socket path), which is how its contract is tested there.
/// </summary>
internal sealed class PipeStreamConnection : PipeConnection
{
    private readonly NamedPipeServerStream _stream;
    // Abort ends both directions; a drain (ShutdownReceive) ends only the receive, so the answers
    // to what was read, and a disconnect's BUSY, still go out.
    private readonly CancellationTokenSource _cancel = new();
    private readonly CancellationTokenSource _cancelReceive = new();
    private readonly Action _onReceiveCompleted;
    private readonly Action _onSendCompleted;
    private ConfiguredValueTaskAwaitable<int>.ConfiguredValueTaskAwaiter _receive;
    private ConfiguredValueTaskAwaitable.ConfiguredValueTaskAwaiter _send;
    private int _sendLength;
    private int _aborted;
    private int _receiveShutdown;

    public PipeStreamConnection(NamedPipeServerStream stream)
    {
        _stream = stream;
        Peer = OperatingSystem.IsWindows() ? ClientOf(stream) : default;
        _onReceiveCompleted = () => PostCompletion(CompletionKind.Receive, EndReceive());
        _onSendCompleted = () => PostCompletion(CompletionKind.Send, EndSend());
    }

    // A zero-byte ReadAsync on a pipe stream returns at once rather than waiting for data.
    public override bool SupportsWaitForData => false;

    /// <summary>The client's process on Windows (GetNamedPipeClientProcessId); Unix pipe streams do not tell.</summary>
    public override PeerIdentity Peer { get; }

    public override bool StartReceive(Memory<byte> buffer, out IoResult result)
    {
        if (Volatile.Read(ref _receiveShutdown) != 0)
        {
            result = new IoResult(0, IoErrorKind.None);
            return true;
        }

        try
        {
#pragma warning disable CA2012 // The awaiter is consumed exactly once, by EndReceive.
            _receive = _stream.ReadAsync(buffer, _cancelReceive.Token).ConfigureAwait(false).GetAwaiter();
#pragma warning restore CA2012
        }
        catch (ObjectDisposedException)
        {
            result = IoResult.Aborted;
            return true;
        }

        if (_receive.IsCompleted)
        {
            result = EndReceive();
            return true;
        }

        _receive.UnsafeOnCompleted(_onReceiveCompleted);
        result = default;
        return false;
    }

    public override bool StartSend(ReadOnlyMemory<byte> buffer, out IoResult result)
    {
        _sendLength = buffer.Length;
        try
        {
#pragma warning disable CA2012 // The awaiter is consumed exactly once, by EndSend.
            _send = _stream.WriteAsync(buffer, _cancel.Token).ConfigureAwait(false).GetAwaiter();
#pragma warning restore CA2012
        }
        catch (ObjectDisposedException)
        {
            result = IoResult.Aborted;
            return true;
        }

        if (_send.IsCompleted)
        {
            result = EndSend();
            return true;
        }

        _send.UnsafeOnCompleted(_onSendCompleted);
        result = default;
        return false;
    }

    /// <summary>
    /// The blocking receive (thread per client), on the asynchronous read so that a drain or an
    /// abort wakes a thread already waiting in it: a blocking pipe read takes no cancellation.
    /// </summary>
    public override IoResult Receive(Memory<byte> buffer)
    {
        if (Volatile.Read(ref _receiveShutdown) != 0)
        {
            return new IoResult(0, IoErrorKind.None);
        }

        try
        {
            return new IoResult(_stream.ReadAsync(buffer, _cancelReceive.Token).AsTask().GetAwaiter().GetResult(), IoErrorKind.None);
        }
        catch (OperationCanceledException)
        {
            return Volatile.Read(ref _aborted) == 0 ? new IoResult(0, IoErrorKind.None) : IoResult.Aborted;
        }
        catch (IOException ex)
        {
            return Failed(ex);
        }
        catch (ObjectDisposedException)
        {
            return IoResult.Aborted;
        }
    }

    /// <summary>The blocking send (thread per client), on the asynchronous write so that an abort wakes a thread blocked in it.</summary>
    public override IoResult Send(ReadOnlyMemory<byte> buffer)
    {
        try
        {
            _stream.WriteAsync(buffer, _cancel.Token).AsTask().GetAwaiter().GetResult();
            return new IoResult(buffer.Length, IoErrorKind.None);
        }
        catch (OperationCanceledException)
        {
            return IoResult.Aborted;
        }
        catch (IOException ex)
        {
            return Failed(ex);
        }
        catch (ObjectDisposedException)
        {
            return IoResult.Aborted;
        }
    }

    /// <summary>
    /// A pipe stream cannot half-close; a pending receive is cancelled and later ones report end of
    /// stream, so what the server already read is answered but bytes still in the pipe are not.
    /// </summary>
    public override void ShutdownReceive()
    {
        if (Interlocked.Exchange(ref _receiveShutdown, 1) == 0)
        {
            Cancel(_cancelReceive);
        }
    }

    public override void Abort()
    {
        if (Interlocked.Exchange(ref _aborted, 1) == 0)
        {
            Cancel(_cancel);
            Cancel(_cancelReceive);
        }
    }

    public override void Dispose()
    {
        _stream.Dispose();
        _cancel.Dispose();
        _cancelReceive.Dispose();
    }

    [SupportedOSPlatform("windows")]
    private static unsafe PeerIdentity ClientOf(NamedPipeServerStream stream)
    {
        uint processId;
        return Kernel32.GetNamedPipeClientProcessId(stream.SafePipeHandle, &processId) ? new PeerIdentity((int)processId, null) : default;
    }

    private IoResult EndReceive()
    {
        try
        {
            return new IoResult(_receive.GetResult(), IoErrorKind.None);
        }
        catch (OperationCanceledException)
        {
            // Cancelled by a drain (end of stream) or by an abort.
            return Volatile.Read(ref _aborted) == 0 ? new IoResult(0, IoErrorKind.None) : IoResult.Aborted;
        }
        catch (IOException ex)
        {
            return Failed(ex);
        }
        catch (ObjectDisposedException)
        {
            return IoResult.Aborted;
        }
    }

    private IoResult EndSend()
    {
        try
        {
            _send.GetResult();
            return new IoResult(_sendLength, IoErrorKind.None);
        }
        catch (OperationCanceledException)
        {
            return IoResult.Aborted;
        }
        catch (IOException ex)
        {
            return Failed(ex);
        }
        catch (ObjectDisposedException)
        {
            return IoResult.Aborted;
        }
    }

    private IoResult Failed(IOException exception) => IoErrors.FromException(exception, Volatile.Read(ref _aborted) != 0);

    private static void Cancel(CancellationTokenSource source)
    {
        try
        {
            source.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The owner closed the connection first.
        }
    }
}
