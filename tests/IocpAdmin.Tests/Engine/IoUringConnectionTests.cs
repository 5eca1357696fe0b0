using System.Runtime.InteropServices;
using System.Text;
using IocpAdmin.Server.Engine;
using IocpAdmin.Server.Engine.Native;

namespace IocpAdmin.Tests.Engine;

/// <summary>The io_uring transport on real socket pairs, below the engine.</summary>
public sealed unsafe partial class IoUringConnectionTests
{
    [Fact]
    public void WaitForData_MoreClientsWithDataThanProvidedBuffers_TheRestWaitWithAPollAndEveryoneGetsTheirBytes()
    {
        using var port = IoUringPort.TryCreate(1, 64, out var reason, providedBuffers: 2) ?? throw new InvalidOperationException(reason);
        Assert.NotNull(port.Buffers);
        var pairs = Enumerable.Range(0, 6).Select(_ => SocketPair()).ToList();
        var connections = pairs.Select((pair, i) =>
        {
            var connection = new IoUringConnection(pair.Server, port);
            connection.BindToPort(port, (ulong)i + 1);
            return connection;
        }).ToList();
        try
        {
            // Data waits on all six before any receive is armed: the kernel needs six buffers at once and has two.
            for (var i = 0; i < pairs.Count; i++)
            {
                var bytes = Encoding.ASCII.GetBytes($"hello-{i}");
                fixed (byte* p = bytes)
                {
                    Assert.Equal(bytes.Length, (int)Libc.send(pairs[i].Client, p, (nuint)bytes.Length, 0));
                }
            }

            foreach (var connection in connections)
            {
                Assert.False(connection.StartReceive(Memory<byte>.Empty, out _));
            }

            using var waiter = new PortWaiter();
            var ready = new HashSet<ulong>();
            while (ready.Count < connections.Count)
            {
                Assert.True(port.TryDequeue(waiter, out var packet, 5000), $"only {ready.Count} of 6 waits completed");
                Assert.Equal(CompletionKind.Receive, packet.Kind);
                Assert.Equal(IoErrorKind.None, packet.Error);
                ready.Add(packet.Key);
            }

            for (var i = 0; i < connections.Count; i++)
            {
                var buffer = new byte[4096];
                Assert.True(connections[i].StartReceive(buffer, out var result));
                Assert.Equal($"hello-{i}", Encoding.ASCII.GetString(buffer, 0, result.Bytes));
            }

            Assert.Equal(4, port.BufferShortfalls);
        }
        finally
        {
            connections.ForEach(c => c.Dispose());
            pairs.ForEach(p => Libc.close(p.Client));
        }
    }

    private static (int Server, int Client) SocketPair()
    {
        // AF_UNIX (1), SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC.
        var fds = stackalloc int[2];
        Assert.Equal(0, socketpair(1, 1 | 0x800 | 0x80000, 0, fds));
        return (fds[0], fds[1]);
    }

    [LibraryImport("libc", SetLastError = true)]
    private static partial int socketpair(int domain, int type, int protocol, int* fds);
}
