using IocpAdmin.Server.Engine.Transport;
using IocpAdmin.Server.Sessions;
using IocpAdmin.Server.Storage;
using Microsoft.Extensions.Logging;

namespace IocpAdmin.Server.Engine;

/// <summary>
/// The product: N worker threads created at start take completions from one port and run them.
/// No thread belongs to a client; the listener, every client and the store all report to the port.
/// </summary>
internal sealed partial class CompletionPortEngine : PipeEngine, ICompletionHandler
{
    private readonly ICompletionPort _port;
    private readonly Worker[] _workers;
    private long _staleCompletions;

    /// <param name="port">What the workers wait on; <paramref name="listener"/>'s operations complete on it.</param>
    public CompletionPortEngine(EngineOptions options, RecordStore store, PipeListener listener, ICompletionPort port, ILogger logger)
        : base(options, store, listener, logger)
    {
        _port = port;
        _workers = new Worker[options.EffectiveWorkers];
        for (var i = 0; i < _workers.Length; i++)
        {
            _workers[i] = new Worker(i, _port, this);
        }
    }

    public override EngineKind Kind => EngineKind.CompletionPort;

    public override IReadOnlyList<Worker> Workers => _workers;

    public override ICompletionPort Port => _port;

    /// <summary>Completions that arrived for a connection that had already ended (dropped by the key's generation check).</summary>
    public long StaleCompletions => Volatile.Read(ref _staleCompletions);

    public void OnCompletion(in CompletionPacket packet, Worker worker)
    {
        if (packet.Key == CompletionKeys.Listener)
        {
            OnAcceptCompleted(packet);
            return;
        }

        if (!Sessions.TryGet(packet.Key, out var session))
        {
            Interlocked.Increment(ref _staleCompletions);
            return;
        }

        ((ClientSession)session).OnCompletion(packet, worker.QueuedTicks);
    }

    protected override void StartCore()
    {
        Listener.BindToPort(_port);
        foreach (var worker in _workers)
        {
            worker.Start();
        }

        // The first accept is started by a worker like every later one.
        _port.Post(CompletionPacket.Control(CompletionKeys.Listener, CompletionKind.Accept));
    }

    protected override Session CreateSession(long id, ulong key, PipeConnection connection) =>
        new ClientSession(id, key, connection, _port, this, Options.WaitForDataBeforeReceiving);

    protected override void StopCore()
    {
        // Stop packets queue behind everything already posted, so each worker finishes that first.
        foreach (var worker in _workers)
        {
            _port.Post(CompletionPacket.Control(CompletionKeys.Listener, CompletionKind.Stop));
        }

        foreach (var worker in _workers)
        {
            worker.Join(Timeout.InfiniteTimeSpan);
        }

        _port.Close();
    }
}
