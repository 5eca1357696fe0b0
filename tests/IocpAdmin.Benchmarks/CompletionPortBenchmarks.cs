using BenchmarkDotNet.Attributes;
using IocpAdmin.Server.Engine;

namespace IocpAdmin.Benchmarks;

/// <summary>
/// The port's own cost: a post and a dequeue with no wait (the path a busy worker takes), and the
/// cross-thread hand-off (a packet posted while the worker sleeps wakes it).
/// </summary>
[MemoryDiagnoser]
public class CompletionPortBenchmarks
{
    private const int Batch = 64;
    private CompletionPort _port = null!;
    private PortWaiter _waiter = null!;
    private CompletionPort _handOff = null!;
    private Thread _echo = null!;
    private CompletionPort _replies = null!;
    private PortWaiter _replyWaiter = null!;

    [GlobalSetup]
    public void Setup()
    {
        _port = new CompletionPort(concurrency: 1);
        _waiter = new PortWaiter();
        _handOff = new CompletionPort(concurrency: 1);
        _replies = new CompletionPort(concurrency: 1);
        _replyWaiter = new PortWaiter();
        _echo = new Thread(() =>
        {
            using var waiter = new PortWaiter();
            while (_handOff.TryDequeue(waiter, out var packet))
            {
                _replies.Post(packet);
            }
        }) { IsBackground = true, Name = "bench-echo" };
        _echo.Start();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _handOff.Close();
        _echo.Join();
        _replies.Close();
        _port.Close();
        _waiter.Dispose();
        _replyWaiter.Dispose();
    }

    [Benchmark(OperationsPerInvoke = Batch, Description = "Post + TryDequeue, same thread")]
    public ulong PostThenDequeue()
    {
        ulong sum = 0;
        for (var i = 0; i < Batch; i++)
        {
            _port.Post(new CompletionPacket((ulong)i, CompletionKind.Receive, IoErrorKind.None, 17));
            _port.TryDequeue(_waiter, out var packet, 0);
            sum += packet.Key;
        }

        return sum;
    }

    [Benchmark(Description = "Post to a sleeping worker and back (round trip)")]
    public ulong HandOffRoundTrip()
    {
        _handOff.Post(new CompletionPacket(1, CompletionKind.Receive, IoErrorKind.None, 17));
        _replies.TryDequeue(_replyWaiter, out var packet);
        return packet.Key;
    }
}
