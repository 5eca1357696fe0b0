using System.Buffers.Binary;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using IocpAdmin.Protocol;
using IocpAdmin.Tests.Infrastructure;

namespace IocpAdmin.Tests.Processes;

/// <summary>
/// The store's disk fails under the running server process: a full filesystem, database files
/// made immutable. Writes get ERROR with the reason and change nothing, reads go on, the health
/// endpoint (which the console's banner shares) reports the fault, the server recovers by itself
/// when the fault is gone, and nothing acknowledged is lost across a restart.
/// </summary>
public sealed class StoreFaultTests(ITestOutputHelper output)
{
    [RootFact]
    public async Task DiskFull_WritesGetErrorWithTheReason_ReadsGoOn_AndWritesResumeWhenSpaceIsFreed()
    {
        using var disk = new FaultyDisk(megabytes: 24);
        await RunFaultAsync(disk.File("records.db"), "full",
            inject: () => output.WriteLine($"filled the disk with {disk.Fill():N0} bytes"),
            remove: disk.Free);
    }

    [RootFact]
    public async Task DatabaseFilesMadeReadOnly_WritesGetErrorWithTheReason_AndWritesResumeWhenWritableAgain()
    {
        // On the temp folder's own filesystem (ext4 here and in CI): tmpfs honours the immutable
        // flag only when a file would grow, ext4 on every write, as a read-only disk does.
        using var folder = new TempDirectory();
        var files = new[] { folder.File("records.db"), folder.File("records.db-wal") };
        await RunFaultAsync(folder.File("records.db"), "I/O",
            inject: () => FaultyDisk.MakeImmutable(files),
            remove: () => FaultyDisk.MakeMutable(files));
    }

    private async Task RunFaultAsync(string database, string reasonContains, Action inject, Action remove)
    {
        var acknowledged = new Dictionary<ulong, (int A, int B)>();
        var pipe = TestNames.Pipe();
        await using (var server = await ServerProcess.StartAsync(database, pipe))
        {
            using var client = RawClient.Connect(pipe);
            Assert.Equal(0, AddBatch(client, 0, 200, acknowledged).Errors);

            inject();
            // The write-ahead log reuses the space it already has, so the fault shows once a commit
            // needs more: keep writing, as clients would, until the store refuses.
            string? reason = null;
            for (var round = 1; reason is null && round <= 100; round++)
            {
                reason = AddBatch(client, round * 1_000, 500, acknowledged).FirstError;
            }

            Assert.True(reason is not null, "no write failed after the fault was injected");
            output.WriteLine($"ERROR reason: {reason}");
            Assert.StartsWith("the record store failed: ", reason);
            Assert.Contains(reasonContains, reason, StringComparison.OrdinalIgnoreCase);

            // Reads are served from memory all through the fault; the connection stays open (ERROR, not BAD_REQUEST).
            var (someId, someRecord) = acknowledged.First();
            client.Send(Frames.Retrieve(someId));
            var (status, payload) = client.ReadResponse();
            Assert.Equal(StatusKind.Ok, status);
            Assert.Equal(someRecord, (BinaryPrimitives.ReadInt32LittleEndian(payload), BinaryPrimitives.ReadInt32LittleEndian(payload.AsSpan(4))));
            client.Send(Frames.Count());
            Assert.Equal((ulong)acknowledged.Count, client.ReadId());

            var failing = await Eventually.ValueAsync(() => server.HealthAsync(), health => health.GetProperty("status").GetString() == "Degraded",
                TimeSpan.FromSeconds(10), "the health endpoint reports the failing store");
            var data = failing.GetProperty("entries").GetProperty("record-server").GetProperty("data");
            Assert.True(data.TryGetProperty("storeFailingSince", out _), failing.ToString());
            Assert.Equal(reason, data.GetProperty("lastStoreError").GetString());

            remove();
            await Eventually.TrueAsync(() => AddBatch(client, 500_000, 1, acknowledged).Errors == 0, TimeSpan.FromSeconds(10),
                "an ADD succeeds once the fault is gone");
            Assert.Equal(0, AddBatch(client, 600_000, 200, acknowledged).Errors);
            // The health check reads the monitor's latest sample (taken every few hundred ms).
            var recovered = await Eventually.ValueAsync(() => server.HealthAsync(), health => health.GetProperty("status").GetString() == "Healthy",
                TimeSpan.FromSeconds(10), "the health endpoint reports the store healthy again");
            Assert.True(recovered.GetProperty("entries").GetProperty("record-server").GetProperty("data").TryGetProperty("storeRecoveredAt", out _));

            server.Terminate();
            Assert.Equal(0, await server.WaitForExitAsync(TimeSpan.FromSeconds(30)));
        }

        // Every acknowledged write is in the file, nothing else is, and the file is sound.
        await using (var restarted = await ServerProcess.StartAsync(database, pipe))
        {
            using var client = RawClient.Connect(pipe);
            client.Send(Frames.Count());
            Assert.Equal((ulong)acknowledged.Count, client.ReadId());
            StoreChecks.AssertAllPresent(client, acknowledged, "the fault and a restart");

            client.Send(Frames.Add(0, 0));
            Assert.True(client.ReadId() > acknowledged.Keys.Max(), "an id was given out again");
        }

        Assert.Equal("ok", StoreChecks.IntegrityCheck(database));
    }

    /// <summary>Pipelines <paramref name="count"/> ADDs; records the acknowledged ones; counts ERRORs.</summary>
    private static (int Errors, string? FirstError) AddBatch(RawClient client, int tag, int count, Dictionary<ulong, (int, int)> acknowledged)
    {
        client.Send(Frames.Concat([.. Enumerable.Range(0, count).Select(i => Frames.Add(tag, i))]));
        var errors = 0;
        string? firstError = null;
        for (var i = 0; i < count; i++)
        {
            var (status, payload) = client.ReadResponse();
            if (status == StatusKind.Ok)
            {
                acknowledged[BinaryPrimitives.ReadUInt64LittleEndian(payload)] = (tag, i);
                continue;
            }

            Assert.Equal(StatusKind.Error, status);
            errors++;
            firstError ??= Encoding.UTF8.GetString(payload);
        }

        return (errors, firstError);
    }
}
