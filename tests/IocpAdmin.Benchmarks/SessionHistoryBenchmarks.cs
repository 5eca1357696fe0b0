using BenchmarkDotNet.Attributes;
using IocpAdmin.Protocol;
using IocpAdmin.Server.Sessions;

namespace IocpAdmin.Benchmarks;

/// <summary>
/// What a client's history costs per request on the hot path: the three state transitions and the
/// answered request a one-request cycle records (WaitingForData → Receiving → Sending → WaitingForData,
/// then the RETRIEVE). Read it beside <see cref="SessionStepBenchmarks"/> from the same run.
/// </summary>
[MemoryDiagnoser]
public class SessionHistoryBenchmarks
{
    private readonly SessionHistory _history = new();

    [GlobalSetup]
    public void Fill()
    {
        for (var i = 0; i < SessionHistory.Capacity; i++)
        {
            OneRequestCycle();
        }
    }

    [Benchmark(Description = "history of one request cycle (3 transitions + 1 request)")]
    public void OneRequestCycle()
    {
        _history.RecordState(SessionState.Receiving);
        _history.RecordRequest(RequestKind.Retrieve, StatusKind.Ok, 13);
        _history.RecordState(SessionState.Sending);
        _history.RecordState(SessionState.WaitingForData);
    }

    [Benchmark(Description = "reading a full history (the client page, once a second)")]
    public int Read() => _history.Read().Length;
}
