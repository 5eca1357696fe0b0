using IocpAdmin.Protocol;
using IocpAdmin.Tests.Infrastructure;

namespace IocpAdmin.Tests.Processes;

/// <summary>The point of the design: a fixed pool of workers whatever the number of clients.</summary>
public sealed class WorkerPoolTests : IDisposable
{
    private const int Clients = 500;
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task CompletionPort_With500Clients_UsesItsWorkersAndNoThreadPerClient()
    {
        await using var server = await ServerProcess.StartAsync(_directory.File("cp.db"), null,
            "--Engine:Mode=CompletionPort", "--Engine:Workers=3", "--Engine:MaxClients=1000");
        var before = server.ThreadCount();

        var clients = ConnectAndServe(server.PipeName, Clients);
        try
        {
            var during = server.ThreadCount();
            var names = server.ThreadNames();

            Assert.Equal(3, names.Count(n => n.StartsWith("iocp-worker-", StringComparison.Ordinal)));
            Assert.Equal(0, names.Count(n => n.StartsWith("client-", StringComparison.Ordinal)));
            Assert.True(during - before < 10,
                $"{Clients} clients added {during - before} threads ({before} before, {during} with them connected)");
        }
        finally
        {
            clients.ForEach(c => c.Dispose());
        }
    }

    [Fact]
    public async Task ThreadPerClient_With500Clients_UsesOneThreadEach()
    {
        await using var server = await ServerProcess.StartAsync(_directory.File("tpc.db"), null,
            "--Engine:Mode=ThreadPerClient", "--Engine:MaxClients=1000");

        var clients = ConnectAndServe(server.PipeName, Clients);
        try
        {
            // The start-up probe's own connection may still be ending: wait for exactly one per client.
            await Eventually.TrueAsync(() => server.ThreadNames().Count(n => n.StartsWith("client-", StringComparison.Ordinal)) == Clients,
                TimeSpan.FromSeconds(10), $"one client thread for each of the {Clients} clients");
            Assert.True(server.ThreadCount() >= Clients + 1);
            Assert.Equal(0, server.ThreadNames().Count(n => n.StartsWith("iocp-worker-", StringComparison.Ordinal)));
        }
        finally
        {
            clients.ForEach(c => c.Dispose());
        }
    }

    /// <summary>Connects the clients and has each one answered once, so all are accepted and being served.</summary>
    private static List<RawClient> ConnectAndServe(string pipe, int count)
    {
        var clients = new List<RawClient>(count);
        for (var i = 0; i < count; i++)
        {
            var client = RawClient.Connect(pipe);
            clients.Add(client);
            client.Send(Frames.Ping([(byte)i]));
        }

        foreach (var client in clients)
        {
            Assert.Equal(StatusKind.Ok, client.ReadResponse().Status);
        }

        return clients;
    }
}
