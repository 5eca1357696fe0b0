using IocpAdmin.Server.Engine;
using IocpAdmin.Server.Engine.Transport;

namespace IocpAdmin.Tests.Infrastructure;

/// <summary>
/// A transport with a bug, for fault-injection tests: its first receive starts the real receive on
/// the real socket it wraps, then throws. The worst case for the engine: it cannot tell whether
/// the operation started, and the OS may still write into the buffer.
/// </summary>
internal sealed class ThrowingAfterStartConnection(SocketConnection inner) : PipeConnection
{
    private int _receives;

    /// <summary>The buffer handed to the receive that then threw.</summary>
    public byte[]? ReceiveBuffer { get; private set; }

    public override bool SupportsWaitForData => inner.SupportsWaitForData;

    public override PeerIdentity Peer => inner.Peer;

    public override void BindToPort(ICompletionPort port, ulong key)
    {
        base.BindToPort(port, key);
        inner.BindToPort(port, key);
    }

    public override bool StartReceive(Memory<byte> buffer, out IoResult result)
    {
        if (Interlocked.Increment(ref _receives) > 1)
        {
            return inner.StartReceive(buffer, out result);
        }

        ReceiveBuffer = System.Runtime.InteropServices.MemoryMarshal.TryGetArray<byte>(buffer, out var segment) ? segment.Array : null;
        if (inner.StartReceive(buffer, out result))
        {
            throw new InvalidOperationException("the test expected the receive to be pending: the client sends nothing");
        }

        throw new InvalidOperationException("injected: a transport failed after starting its receive");
    }

    public override bool StartSend(ReadOnlyMemory<byte> buffer, out IoResult result) => inner.StartSend(buffer, out result);

    public override IoResult Receive(Memory<byte> buffer) => inner.Receive(buffer);

    public override IoResult Send(ReadOnlyMemory<byte> buffer) => inner.Send(buffer);

    public override void ShutdownReceive() => inner.ShutdownReceive();

    public override void Abort() => inner.Abort();

    public override void Dispose() => inner.Dispose();
}
