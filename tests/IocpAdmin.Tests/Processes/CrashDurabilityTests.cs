using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Net.Sockets;
using IocpAdmin.Protocol;
using IocpAdmin.Server.Engine;
using IocpAdmin.Tests.Infrastructure;

namespace IocpAdmin.Tests.Processes;

/// <summary>
/// docs/protocol.md rules 3 and 4 against SIGKILL (on Windows TerminateProcess, the same: no code of
/// the server runs): what was acknowledged survives, and no id comes back.
/// </summary>
public sealed class CrashDurabilityTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    /// <summary>The completion sources of this OS: SIGKILL on Linux, TerminateProcess on Windows.</summary>
    public static TheoryData<CompletionSourceKind> Sources => OperatingSystem.IsWindows()
        ? [CompletionSourceKind.Win32, CompletionSourceKind.Managed]
        : [CompletionSourceKind.IoUring, CompletionSourceKind.Epoll, CompletionSourceKind.Managed];

    [Theory]
    [Trait(WindowsLeg.Trait, WindowsLeg.Name)]
    [MemberData(nameof(Sources))]
    public async Task Sigkill_WhileClientsAddAndDelete_EveryAcknowledgedChangeSurvivesAndIdsAreNotReused(CompletionSourceKind source)
    {
        var sourceOption = $"--Engine:CompletionSource={source}";
        var database = _directory.File("records.db");
        var pipe = TestNames.Pipe();
        var added = new ConcurrentDictionary<ulong, (int A, int B)>();
        var deleted = new ConcurrentDictionary<ulong, bool>();
        var inDoubt = new ConcurrentDictionary<ulong, bool>();
        await using (var server = await ServerProcess.StartAsync(database, pipe, sourceOption))
        {
            using var stop = new CancellationTokenSource();
            var writers = Task.Run(() => ClientThreads.Run(16, c => Write(pipe, c, added, deleted, inDoubt, stop.Token)));
            await Eventually.TrueAsync(() => added.Count >= 3000, TimeSpan.FromSeconds(60), "clients get 3,000 ADDs acknowledged");

            await server.KillAsync();
            await stop.CancelAsync();
            await writers;
        }

        var highestAcknowledged = added.Keys.Max();
        Assert.True(inDoubt.Count <= 16, "at most one unanswered DELETE per client");
        await using var restarted = await ServerProcess.StartAsync(database, pipe, sourceOption);
        using var client = RawClient.Connect(pipe);
        foreach (var (id, record) in added)
        {
            client.Send(Frames.Retrieve(id));
            var (status, payload) = client.ReadResponse();
            if (deleted.ContainsKey(id))
            {
                Assert.Equal(StatusKind.NotFound, status);
                continue;
            }

            if (inDoubt.ContainsKey(id) && status == StatusKind.NotFound)
            {
                // Its DELETE was sent and the server died before answering: either outcome is allowed.
                continue;
            }

            Assert.True(status == StatusKind.Ok, $"acknowledged record {id} is missing after SIGKILL");
            Assert.Equal(record, (BinaryPrimitives.ReadInt32LittleEndian(payload), BinaryPrimitives.ReadInt32LittleEndian(payload.AsSpan(4))));
        }

        client.Send(Frames.Add(0, 0));
        Assert.True(client.ReadId() > highestAcknowledged, "an id given before the crash is given again");
        Assert.Equal("ok", StoreChecks.IntegrityCheck(database));
    }

    private static bool Write(string pipe, int client, ConcurrentDictionary<ulong, (int, int)> added,
        ConcurrentDictionary<ulong, bool> deleted, ConcurrentDictionary<ulong, bool> inDoubt, CancellationToken stop)
    {
        try
        {
            using var connection = RawClient.Connect(pipe);
            for (var i = 0; !stop.IsCancellationRequested; i++)
            {
                // Four ADDs pipelined, then every fourth acknowledged id deleted.
                connection.Send(Frames.Concat(Frames.Add(client, i), Frames.Add(client, -i), Frames.Add(i, client), Frames.Add(-i, client)));
                var ids = new[] { connection.ReadId(), connection.ReadId(), connection.ReadId(), connection.ReadId() };
                added[ids[0]] = (client, i);
                added[ids[1]] = (client, -i);
                added[ids[2]] = (i, client);
                added[ids[3]] = (-i, client);
                inDoubt[ids[1]] = true;
                // Mixed: the DELETE travels with reads of what was just acknowledged and a PING.
                connection.Send(Frames.Concat(Frames.Retrieve(ids[0]), Frames.Delete(ids[1]), Frames.Ping([(byte)i]), Frames.Count()));
                Assert.Equal(StatusKind.Ok, connection.ReadResponse().Status);
                Assert.Equal(StatusKind.Ok, connection.ReadResponse().Status);
                deleted[ids[1]] = true;
                inDoubt.TryRemove(ids[1], out _);
                Assert.Equal(StatusKind.Ok, connection.ReadResponse().Status);
                Assert.Equal(StatusKind.Ok, connection.ReadResponse().Status);
            }
        }
        catch (Exception ex) when (ex is SocketException or EndOfStreamException or IOException or TimeoutException)
        {
            // The server was killed: whatever was not acknowledged is allowed to be lost.
        }

        return true;
    }
}
