using System.Diagnostics;

namespace IocpAdmin.Server.Engine;

/// <summary>
/// One dedicated thread that takes packets from the port and runs them. It never belongs to a
/// client. It measures its own busy time: the time between a dequeue returning and the next
/// dequeue call, read lock-free by the monitor.
/// </summary>
public sealed class Worker
{
    private readonly ICompletionPort _port;
    private readonly ICompletionHandler _handler;
    private readonly Thread _thread;
    private long _busyTicks;
    private long _busySince;
    private long _completions;
    private long _currentKey;

    internal Worker(int id, ICompletionPort port, ICompletionHandler handler)
    {
        Id = id;
        _port = port;
        _handler = handler;
        // Thread names show up in /proc/<pid>/task/*/comm (15 characters) and in dotnet-dump.
        _thread = new Thread(Run) { IsBackground = true, Name = $"iocp-worker-{id}" };
    }

    public int Id { get; }

    /// <summary>
    /// How long the packet now running waited between becoming ready (posted, or reaped from the
    /// kernel) and this worker taking it, in <see cref="Stopwatch"/> ticks; 0 when the port cannot tell.
    /// Valid on this worker's thread while it runs the packet.
    /// </summary>
    public long QueuedTicks { get; private set; }

    /// <summary>Packets this worker has run.</summary>
    public long Completions => Volatile.Read(ref _completions);

    /// <summary>The key of the packet being run, or null while waiting.</summary>
    public ulong? CurrentKey => Volatile.Read(ref _busySince) == 0 ? null : (ulong)Volatile.Read(ref _currentKey);

    /// <summary>Busy time so far in <see cref="Stopwatch"/> ticks, including the packet in progress.</summary>
    public long BusyTicks
    {
        get
        {
            var total = Volatile.Read(ref _busyTicks);
            var since = Volatile.Read(ref _busySince);
            return since == 0 ? total : total + Math.Max(0, Stopwatch.GetTimestamp() - since);
        }
    }

    internal void Start() => _thread.Start();

    internal bool Join(TimeSpan timeout) => _thread.Join(timeout);

    private void Run()
    {
        using var waiter = new PortWaiter();
        while (_port.TryDequeue(waiter, out var packet))
        {
            if (packet.Kind == CompletionKind.Stop)
            {
                // Give the seat back: with fewer seats than workers, the next Stop needs it.
                _port.Leave(waiter);
                return;
            }

            var start = Stopwatch.GetTimestamp();
            QueuedTicks = waiter.ReadyAt == 0 ? 0 : Math.Max(0, start - waiter.ReadyAt);
            waiter.ReadyAt = 0;
            Volatile.Write(ref _currentKey, (long)packet.Key);
            Volatile.Write(ref _busySince, start);
            // The handler contains each session's failures to that session; anything escaping it
            // is an engine bug, and an unhandled exception on this thread ends the process.
            _handler.OnCompletion(packet, this);

            var end = Stopwatch.GetTimestamp();
            Volatile.Write(ref _busyTicks, _busyTicks + (end - start));
            Volatile.Write(ref _busySince, 0);
            Volatile.Write(ref _completions, _completions + 1);
        }
    }
}
