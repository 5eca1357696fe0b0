using System.Runtime.InteropServices;
using System.Runtime.Versioning;
using IocpAdmin.Server.Engine.Transport;

namespace IocpAdmin.Server.Engine.Windows;

// Ending a pipe instance: a drain (the client's remaining requests are answered), an abort (from any
// thread), the owner's close, and the port closing under it. What the kernel may still write into
// (the OVERLAPPEDs, a pinned buffer) is released by the last operation's completion, never before.
[SupportedOSPlatform("windows")]
internal sealed unsafe partial class Win32PipeConnection
{
    private int _aborted;
    private int _receiveShutdown;
    private int _disposed;

    private bool IsAborted => Volatile.Read(ref _aborted) != 0;

    private bool IsDraining => Volatile.Read(ref _receiveShutdown) != 0;

    /// <summary>
    /// A pipe cannot half-close. The pending receive is cancelled; from then on receives take only
    /// what the client has already written into the pipe (PeekNamedPipe says how much), then see end
    /// of stream. So requests already sent are answered, as a socket's shutdown(SHUT_RD) lets them be.
    /// </summary>
    public override void ShutdownReceive()
    {
        if (Interlocked.Exchange(ref _receiveShutdown, 1) == 0)
        {
            Cancel(Slot(ReceiveSlot), disconnect: false);
        }
    }

    /// <summary>
    /// Cancels what is outstanding and disconnects the client (DisconnectNamedPipe): its end is
    /// closed at once and what it had not read is discarded, and any operation issued after this fails
    /// instead of waiting. The handle itself stays the owner's to close.
    /// </summary>
    public override void Abort()
    {
        if (Interlocked.Exchange(ref _aborted, 1) == 0)
        {
            Cancel(null, disconnect: true);
        }
    }

    /// <summary>
    /// The owner's close. Normally nothing is outstanding and the handle closes now: unlike
    /// DisconnectNamedPipe, closing leaves the client free to read what was written before it sees
    /// end of stream. After a fault an operation may be in the kernel: it is cancelled, and its
    /// completion releases the instance.
    /// </summary>
    public override void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        if (Volatile.Read(ref _refs) > 1)
        {
            Cancel(null, disconnect: false);
        }

        ReleaseRef();
    }

    /// <summary>
    /// The port is closing with this instance still open (the workers are gone): the owner's part is
    /// given up and what is in the kernel is cancelled; the port then runs the cancellations'
    /// completions, which release the instance. True while operations are still in the kernel.
    /// </summary>
    public bool OnPortClosed()
    {
        Cancel(null, disconnect: false);
        Dispose();
        return Volatile.Read(ref _refs) > 0;
    }

    /// <summary>Operations the port waited for in vain: close the handle and never free their memory.</summary>
    public void Abandon()
    {
        _port.Targets.Unregister(this);
        _handle.Dispose();
    }

    private void Cancel(NativeOverlapped* overlapped, bool disconnect)
    {
        if (!_handle.TryBeginUse(out var handle))
        {
            return;
        }

        try
        {
            // Nothing outstanding (ERROR_NOT_FOUND) is fine: the next operation sees the flag.
            Kernel32.CancelIoEx(handle, overlapped);
            if (disconnect)
            {
                Kernel32.DisconnectNamedPipe(handle);
            }
        }
        finally
        {
            _handle.EndUse();
        }
    }

    private void ReleaseRef()
    {
        if (Interlocked.Decrement(ref _refs) == 0)
        {
            Release();
        }
    }

    /// <summary>Nothing is in the kernel and the owner is done: close the handle and free the OVERLAPPEDs.</summary>
    private void Release()
    {
        _port.Targets.Unregister(this);
        // Closes once no other thread is inside a call on it (an abort, a drain).
        _handle.Dispose();
        if (_event != 0)
        {
            Kernel32.CloseHandle(_event);
            _event = 0;
        }

        NativeMemory.Free(_overlapped);
    }
}
