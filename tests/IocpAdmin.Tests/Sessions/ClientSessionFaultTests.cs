using System.Buffers;
using System.Net.Sockets;
using IocpAdmin.Server.Diagnostics.Latency;
using IocpAdmin.Server.Engine;
using IocpAdmin.Server.Engine.Transport;
using IocpAdmin.Server.Sessions;
using IocpAdmin.Server.Storage;
using IocpAdmin.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;

namespace IocpAdmin.Tests.Sessions;

/// <summary>
/// A session that faults while the OS may still own one of its buffers must not give that buffer
/// back to the pool: with overlapped I/O the kernel would write into memory handed to another
/// client. The fault is injected by a transport that starts a real receive on a real Unix socket
/// and then throws, the worst case a transport bug could produce.
/// </summary>
public sealed class ClientSessionFaultTests : IAsyncLifetime, ISessionHost
{
    private readonly TempDirectory _directory = new();
    private readonly List<Exception> _faults = [];
    private readonly List<Session> _closed = [];
    private RecordStore _store = null!;

    public RecordStore Store => _store;

    public RequestLatency Latency { get; } = new(TimeSpan.FromSeconds(1), 16);

    public async ValueTask InitializeAsync() => _store = await RecordStore.OpenAsync(
        new StoreOptions { ConnectionString = $"Data Source={_directory.File("r.db")}" }, NullLoggerFactory.Instance);

    public ValueTask DisposeAsync()
    {
        _store.Dispose();
        _directory.Dispose();
        return ValueTask.CompletedTask;
    }

    [Fact]
    public void Fault_WhileAReceiveOwnsTheBuffer_NeverReturnsThatBufferToThePool()
    {
        var path = _directory.File("s.sock");
        using var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        listener.Bind(new UnixDomainSocketEndPoint(path));
        listener.Listen(1);
        using var client = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        client.Connect(new UnixDomainSocketEndPoint(path));
        var port = new CompletionPort(1);
        var key = CompletionKeys.ForSlot(0, 1);
        var faulty = new ThrowingAfterStartConnection(new SocketConnection(listener.Accept()));
        var session = new ClientSession(1, key, faulty, port, this, waitForData: false);

        // All on this thread, whose pool cache a returned buffer would land in first.
        session.Start();

        Assert.NotNull(faulty.ReceiveBuffer);
        var rented = new List<byte[]>();
        for (var i = 0; i < 100; i++)
        {
            rented.Add(ArrayPool<byte>.Shared.Rent(faulty.ReceiveBuffer.Length));
        }

        Assert.DoesNotContain(rented, array => ReferenceEquals(array, faulty.ReceiveBuffer));
        rented.ForEach(array => ArrayPool<byte>.Shared.Return(array));
        Assert.Equal(SessionState.Closed, session.State);
        Assert.Equal(CloseReason.Fault, Assert.Single(_closed).ClosedBecause);
        Assert.IsType<InvalidOperationException>(Assert.Single(_faults));
    }

    void ISessionHost.OnSessionClosed(Session session) => _closed.Add(session);

    void ISessionHost.OnSessionFault(Session session, Exception exception) => _faults.Add(exception);

    void ISessionHost.OnUnexpectedIoError(Session session, CompletionKind operation, IoResult result)
    {
    }
}
