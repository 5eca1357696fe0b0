using IocpAdmin.Protocol;
using IocpAdmin.Server.Sessions;
using IocpAdmin.Server.Storage;
using IocpAdmin.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;

namespace IocpAdmin.Tests.Sessions;

public sealed class RequestProcessorTests : IAsyncLifetime, IStoreCompletionSink
{
    private readonly TempDirectory _directory = new();
    private readonly SemaphoreSlim _stored = new(0);
    private RecordStore _store = null!;

    public async ValueTask InitializeAsync()
    {
        _store = await RecordStore.OpenAsync(new StoreOptions { ConnectionString = $"Data Source={_directory.File("r.db")}" },
            NullLoggerFactory.Instance);
        for (var i = 0; i < 100; i++)
        {
            await _store.AddAsync(i, i);
        }
    }

    public ValueTask DisposeAsync()
    {
        _store.Dispose();
        _directory.Dispose();
        _stored.Dispose();
        return ValueTask.CompletedTask;
    }

    void IStoreCompletionSink.OnStoreCompleted(StoreBatch batch) => _stored.Release();

    [Fact]
    public void Process_ThousandPipelinedReads_AnswersAllInOneCoalescedSend()
    {
        using var processor = new RequestProcessor(_store, this, new SessionHistory());
        var frames = Frames.Concat(Enumerable.Range(0, 1000).Select(i => Frames.Retrieve((ulong)(i % 150) + 1)).ToArray());

        Receive(processor, frames);

        Assert.Equal(NextIoKind.Send, processor.Process());
        var responses = ReadAll(processor.PendingOutput.Span);
        Assert.Equal(1000, responses.Count);
        Assert.Equal(Enumerable.Range(0, 1000).Select(i => i % 150 < 100 ? StatusKind.Ok : StatusKind.NotFound), responses);
    }

    [Fact]
    public void Process_ReadAfterWrites_WaitsForTheCommitBeforeAnswering()
    {
        using var processor = new RequestProcessor(_store, this, new SessionHistory());
        Receive(processor, Frames.Concat(Frames.Add(1, 1), Frames.Add(2, 2), Frames.Retrieve(102), Frames.Count()));

        Assert.Equal(NextIoKind.Store, processor.Process());
        Assert.Equal(2, processor.Batch.Count);
        Assert.False(processor.HasPendingOutput);

        _store.Submit(processor.Batch);
        Assert.True(_stored.Wait(TimeSpan.FromSeconds(10)));
        processor.OnStoreCompleted();

        Assert.Equal(NextIoKind.Send, processor.Process());
        var output = processor.PendingOutput.ToArray();
        Assert.Equal(
            Frames.Concat(U64(101), U64(102), Hex.Parse("09 00 00 00 00  02 00 00 00  02 00 00 00"), U64(102)),
            output);
    }

    [Fact]
    public void Process_PipelinedReadsAndPings_AllocateNothingPerRequest()
    {
        using var processor = new RequestProcessor(_store, this, new SessionHistory());
        var frames = Frames.Concat(Enumerable.Range(0, 200)
            .SelectMany(i => new[] { Frames.Retrieve((ulong)i + 1), Frames.Count(), Frames.Ping([1, 2, 3, 4]), Frames.List((ulong)i, 5) })
            .ToArray());
        RunRound(processor, frames);

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var round = 0; round < 10; round++)
        {
            RunRound(processor, frames);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void Process_OutputBeyondTheFlushThreshold_StopsReadingUntilSent()
    {
        using var processor = new RequestProcessor(_store, this, new SessionHistory());
        var big = Frames.Ping(new byte[10_000]);
        Receive(processor, Frames.Concat(big, big, big, big));

        Assert.Equal(NextIoKind.Send, processor.Process());
        Assert.Equal(2 * (big.Length), processor.PendingOutput.Length);
        Assert.Equal(2 * big.Length, processor.BufferedInput);
    }

    private static void RunRound(RequestProcessor processor, byte[] frames)
    {
        var offset = 0;
        while (offset < frames.Length)
        {
            var buffer = processor.GetReceiveBuffer();
            var chunk = Math.Min(buffer.Length, frames.Length - offset);
            frames.AsSpan(offset, chunk).CopyTo(buffer.Span);
            processor.OnReceived(chunk);
            offset += chunk;
            while (processor.Process() == NextIoKind.Send)
            {
                processor.OnSent(processor.PendingOutput.Length);
            }
        }
    }

    private static void Receive(RequestProcessor processor, byte[] bytes)
    {
        var offset = 0;
        while (offset < bytes.Length)
        {
            var buffer = processor.GetReceiveBuffer();
            var chunk = Math.Min(buffer.Length, bytes.Length - offset);
            bytes.AsSpan(offset, chunk).CopyTo(buffer.Span);
            processor.OnReceived(chunk);
            offset += chunk;
        }
    }

    private static List<StatusKind> ReadAll(ReadOnlySpan<byte> output)
    {
        var statuses = new List<StatusKind>();
        while (ResponseReader.TryReadResponse(output, out var response, out var consumed))
        {
            statuses.Add(response.Status);
            output = output[consumed..];
        }

        Assert.True(output.IsEmpty);
        return statuses;
    }

    private static byte[] U64(ulong value)
    {
        var frame = new byte[ResponseWriter.U64Size];
        ResponseWriter.WriteU64(frame, value);
        return frame;
    }
}
