using BenchmarkDotNet.Attributes;
using IocpAdmin.Protocol;
using IocpAdmin.Server.Sessions;
using IocpAdmin.Server.Storage;
using Microsoft.Extensions.Logging.Abstractions;

namespace IocpAdmin.Benchmarks;

/// <summary>
/// One step of the client automaton without the I/O: bytes arrive in the receive buffer, the
/// requests in them are answered from the store's index, the responses are taken as sent, and
/// the session is ready to receive again. A real SQLite file backs the store.
/// </summary>
[MemoryDiagnoser]
public class SessionStepBenchmarks
{
    private readonly byte[] _oneRetrieve = new byte[RequestWriter.IdSize];
    private readonly byte[] _sixteenRetrieves = new byte[16 * RequestWriter.IdSize];
    private readonly byte[] _onePing = new byte[RequestWriter.EmptySize + 8];
    private string _folder = null!;
    private RecordStore _store = null!;
    private RequestProcessor _processor = null!;

    [GlobalSetup]
    public void Setup()
    {
        _folder = Directory.CreateTempSubdirectory("iocpadmin-bench-").FullName;
        _store = RecordStore.OpenAsync(new StoreOptions { ConnectionString = $"Data Source={Path.Combine(_folder, "records.db")}" }, NullLoggerFactory.Instance)
            .GetAwaiter().GetResult();
        for (var i = 0; i < 16; i++)
        {
            _store.AddAsync(i, -i).GetAwaiter().GetResult();
        }

        RequestWriter.WriteRetrieve(_oneRetrieve, 1);
        for (var i = 0; i < 16; i++)
        {
            RequestWriter.WriteRetrieve(_sixteenRetrieves.AsSpan(i * RequestWriter.IdSize), (ulong)i + 1);
        }

        RequestWriter.WritePing(_onePing, "iocpadm!"u8);
        _processor = new RequestProcessor(_store, new NoStoreSink(), new SessionHistory());
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _processor.Dispose();
        _store.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    [Benchmark(Description = "RETRIEVE: receive, answer, send, ready")]
    public int Retrieve() => (int)Step(_oneRetrieve);

    [Benchmark(OperationsPerInvoke = 16, Description = "16 pipelined RETRIEVEs in one receive (per request)")]
    public int PipelinedRetrieves() => (int)Step(_sixteenRetrieves);

    [Benchmark(Description = "PING: receive, echo, send, ready")]
    public int Ping() => (int)Step(_onePing);

    private NextIoKind Step(byte[] input)
    {
        var buffer = _processor.GetReceiveBuffer();
        input.CopyTo(buffer);
        _processor.OnReceived(input.Length);
        var next = _processor.Process();
        if (next != NextIoKind.Send)
        {
            throw new InvalidOperationException($"expected a send, got {next}");
        }

        _processor.OnSent(_processor.PendingOutput.Length);
        return _processor.Process();
    }

    /// <summary>Reads only: no write reaches the store, so no completion is ever delivered here.</summary>
    private sealed class NoStoreSink : IStoreCompletionSink
    {
        public void OnStoreCompleted(StoreBatch batch) => throw new InvalidOperationException("no writes are benchmarked here");
    }
}
