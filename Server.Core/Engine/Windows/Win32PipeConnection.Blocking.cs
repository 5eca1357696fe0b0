using System.Runtime.Versioning;
using IocpAdmin.Server.Engine.Transport;

namespace IocpAdmin.Server.Engine.Windows;

// Calls that wait: the BUSY answer to a client refused at capacity, and the reads of a drain, which
// take only bytes already in the pipe and so never wait long. They run on the blocking slot, whose
// event has its low bit set: Windows then queues no packet to the port for them.
[SupportedOSPlatform("windows")]
internal sealed unsafe partial class Win32PipeConnection
{
    private nint _event;

    public override IoResult Receive(Memory<byte> memory)
    {
        var buffer = memory.Span;
        if (IsDraining)
        {
            return ReceiveWhileDraining(buffer);
        }

        fixed (byte* bytes = buffer)
        {
            return Blocking(write: false, buffer.IsEmpty ? s_zero : bytes, buffer.Length);
        }
    }

    public override IoResult Send(ReadOnlyMemory<byte> memory)
    {
        var buffer = memory.Span;
        fixed (byte* bytes = buffer)
        {
            var total = 0;
            while (total < buffer.Length)
            {
                var result = Blocking(write: true, bytes + total, buffer.Length - total);
                if (!result.Succeeded)
                {
                    return result;
                }

                total += result.Bytes;
            }

            return new IoResult(total, IoErrorKind.None);
        }
    }

    /// <summary>A receive while draining: what the client already wrote, else end of stream. An empty buffer asks only whether bytes wait.</summary>
    private IoResult ReceiveWhileDraining(Span<byte> buffer)
    {
        var available = Available();
        if (available == 0 || buffer.IsEmpty)
        {
            // Zero bytes: end of stream for a receive; for a wait, "go and look", which then finds the end.
            return new IoResult(0, IoErrorKind.None);
        }

        fixed (byte* bytes = buffer)
        {
            return Blocking(write: false, bytes, Math.Min(buffer.Length, available));
        }
    }

    /// <summary>A receive the drain cancelled: instead, what the client already wrote, into its still pinned buffer.</summary>
    private IoResult ReceiveAfterDrainCancel()
    {
        var available = Available();
        return available == 0 || _receiveLength == 0
            ? new IoResult(0, IoErrorKind.None)
            : Blocking(write: false, (byte*)_receivePin.Pointer, Math.Min(_receiveLength, available));
    }

    /// <summary>Bytes the client has written and the server not read (0 once it is gone).</summary>
    private int Available()
    {
        uint available = 0;
        if (!_handle.TryBeginUse(out var handle))
        {
            return 0;
        }

        try
        {
            return Kernel32.PeekNamedPipe(handle, null, 0, null, &available, null) ? (int)Math.Min(available, int.MaxValue) : 0;
        }
        finally
        {
            _handle.EndUse();
        }
    }

    private IoResult Blocking(bool write, byte* bytes, int count)
    {
        if (_event == 0)
        {
            _event = Kernel32.CreateEventW(null, manualReset: true, initialState: false, null);
            if (_event == 0)
            {
                return new IoResult(0, IoErrorKind.Unexpected, Kernel32.LastError);
            }
        }

        var overlapped = Slot(BlockingSlot);
        *overlapped = default;
        overlapped->EventHandle = _event | 1;
        Interlocked.Increment(ref _refs);
        try
        {
            if (!_handle.TryBeginUse(out var handle))
            {
                return IoResult.Aborted;
            }

            try
            {
                var ok = write
                    ? Kernel32.WriteFile(handle, bytes, (uint)count, null, overlapped)
                    : Kernel32.ReadFile(handle, bytes, (uint)count, null, overlapped);
                var error = ok ? 0 : Kernel32.LastError;
                uint transferred = 0;
                if (error == Kernel32.ErrorIoPending)
                {
                    ok = Kernel32.GetOverlappedResult(handle, overlapped, &transferred, wait: true);
                    error = ok ? 0 : Kernel32.LastError;
                }

                return ok ? new IoResult((int)overlapped->InternalHigh, IoErrorKind.None) : IoErrors.FromWin32(error, receiving: !write, IsAborted);
            }
            finally
            {
                _handle.EndUse();
            }
        }
        finally
        {
            ReleaseRef();
        }
    }
}
