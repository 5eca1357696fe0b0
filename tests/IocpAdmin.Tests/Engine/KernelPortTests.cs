using IocpAdmin.Server.Engine;
using IocpAdmin.Server.Engine.Native;
using IocpAdmin.Tests.Infrastructure;

namespace IocpAdmin.Tests.Engine;

/// <summary>
/// The kernel ports with events that really come from the kernel (io_uring NOP completions, epoll
/// readiness of eventfds), mixed with posted packets: concurrency holds, nothing is lost or doubled.
/// </summary>
public sealed class KernelPortTests
{
    private static readonly TimeSpan s_bound = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task IoUring_KernelCompletionsAndPostsWithConcurrencyOne_RunOneAtATimeAndEachExactlyOnce()
    {
        using var port = IoUringPort.TryCreate(1, 1024, out var reason) ?? throw new InvalidOperationException(reason);
        var target = new NopTarget();
        port.Targets.Register(target);
        using var workers = new Workers(port, 3);

        var poster = Task.Run(() =>
        {
            for (var i = 0; i < 2000; i++)
            {
                port.Post(CompletionPacket.Control(1_000_000 + (ulong)i, CompletionKind.Store));
            }
        });
        for (var i = 0; i < 2000; i++)
        {
            port.QueueAndSubmit(new IoUring.Sqe { Opcode = IoUring.OpNop, UserData = target.Token });
        }

        await poster;
        await Eventually.TrueAsync(() => workers.Handled == 4000, s_bound, "2,000 kernel completions and 2,000 posts are run");

        Assert.Equal(1, workers.MaxRunning);
        Assert.Equal(2000, workers.Seen.Count(k => k >= 1_000_000));
        Assert.Equal(2000, workers.Seen.Distinct().Count(k => k < 1_000_000));
    }

    [Fact]
    public async Task Epoll_ReadinessOfManyDescriptorsWithConcurrencyOne_RunsOneAtATimeAndSeesEveryWrite()
    {
        using var port = EpollPort.TryCreate(1, out var reason) ?? throw new InvalidOperationException(reason);
        var targets = Enumerable.Range(0, 32).Select(_ => new EventFdTarget(port)).ToList();
        using var workers = new Workers(port, 3);

        foreach (var target in targets)
        {
            target.Arm();
        }

        Parallel.For(0, 32 * 100, i => targets[i % 32].Signal());
        await Eventually.TrueAsync(() => targets.Sum(t => t.Observed) == 3200, s_bound, "every write to every eventfd is observed");

        Assert.Equal(1, workers.MaxRunning);
        targets.ForEach(t => t.Dispose());
    }

    [Theory]
    [InlineData(CompletionSourceKind.IoUring)]
    [InlineData(CompletionSourceKind.Epoll)]
    public void Post_StopPacketsWhileWorkersChurn_ReachEveryWorker(CompletionSourceKind source)
    {
        // A wake-up entry reaped by a worker other than the leader once left the leader asleep in
        // the kernel with every later post thinking it was already woken: a stop then hung.
        for (var round = 0; round < 400; round++)
        {
            using var port = source == CompletionSourceKind.IoUring
                ? (KernelPort?)IoUringPort.TryCreate(2, 1024, out var reason) ?? throw new InvalidOperationException(reason)
                : EpollPort.TryCreate(2, out reason) ?? throw new InvalidOperationException(reason);
            var stopped = 0;
            var threads = Enumerable.Range(0, 2).Select(_ => new Thread(() =>
            {
                using var waiter = new PortWaiter();
                while (port.TryDequeue(waiter, out var packet) && packet.Kind != CompletionKind.Stop)
                {
                }

                Interlocked.Increment(ref stopped);
            }) { IsBackground = true, Name = "kp-churn" }).ToList();
            threads.ForEach(t => t.Start());
            for (var i = 0; i < 200; i++)
            {
                port.Post(CompletionPacket.Control((ulong)i + 1, CompletionKind.Receive));
                if (i % 16 == 0)
                {
                    Thread.Yield();
                }
            }

            port.Post(CompletionPacket.Control(0, CompletionKind.Stop));
            port.Post(CompletionPacket.Control(0, CompletionKind.Stop));
            var joined = threads.All(t => t.Join(s_bound));
            if (joined)
            {
                continue;
            }

            Assert.Fail($"round {round}: {Volatile.Read(ref stopped)} of 2 workers got their stop packet; " +
                $"port: {port.WaitingCount} waiting, {port.ActiveCount} active, {port.QueueDepth} queued; stuck in: {StuckIn("kp-churn")}");
        }
    }

    /// <summary>Where the threads named <paramref name="name"/> wait in the kernel (/proc/self/task/*/wchan).</summary>
    private static string StuckIn(string name) => string.Join(", ", Directory.GetDirectories("/proc/self/task")
        .Where(t => File.ReadAllText(Path.Combine(t, "comm")).Trim() == name)
        .Select(t => File.ReadAllText(Path.Combine(t, "wchan"))));

    private sealed class NopTarget : INativeTarget
    {
        private long _next;

        public ulong Token { get; set; }

        public bool OnEvent(in KernelEvent kernelEvent, out CompletionPacket packet)
        {
            packet = CompletionPacket.Control((ulong)Interlocked.Increment(ref _next), CompletionKind.Receive);
            return true;
        }

        public bool OnPortClosed() => false;
    }

    private sealed unsafe class EventFdTarget : INativeTarget, IDisposable
    {
        private readonly EpollPort _port;
        private readonly int _fd = Libc.eventfd(0, 0x800);
        private long _observed;

        public EventFdTarget(EpollPort port)
        {
            _port = port;
            port.Targets.Register(this);
            Assert.Equal(0, port.Add(_fd, Token));
        }

        public ulong Token { get; set; }

        public long Observed => Interlocked.Read(ref _observed);

        public void Arm() => Assert.Equal(0, _port.Arm(_fd, Token, EpollPort.EpollIn));

        public void Signal()
        {
            ulong one = 1;
            Libc.write(_fd, &one, 8);
        }

        public bool OnEvent(in KernelEvent kernelEvent, out CompletionPacket packet)
        {
            ulong value;
            if (Libc.read(_fd, &value, 8) == 8)
            {
                Interlocked.Add(ref _observed, (long)value);
            }

            _port.Arm(_fd, Token, EpollPort.EpollIn);
            packet = CompletionPacket.Control(Token, CompletionKind.Receive);
            return true;
        }

        public bool OnPortClosed() => false;

        public void Dispose()
        {
            _port.Remove(_fd);
            Libc.close(_fd);
        }
    }

    private sealed class Workers : IDisposable
    {
        private readonly ICompletionPort _port;
        private readonly List<Thread> _threads;
        private readonly Lock _gate = new();
        private int _running;
        private int _maxRunning;
        private int _handled;

        public Workers(ICompletionPort port, int count)
        {
            _port = port;
            _threads = Enumerable.Range(0, count).Select(_ => new Thread(Run)).ToList();
            _threads.ForEach(t => t.Start());
        }

        public List<ulong> Seen { get; } = [];

        public int Handled => Volatile.Read(ref _handled);

        public int MaxRunning => Volatile.Read(ref _maxRunning);

        public void Dispose()
        {
            _port.Close();
            _threads.ForEach(t => t.Join(s_bound));
        }

        private void Run()
        {
            using var waiter = new PortWaiter();
            while (_port.TryDequeue(waiter, out var packet))
            {
                var now = Interlocked.Increment(ref _running);
                lock (_gate)
                {
                    _maxRunning = Math.Max(_maxRunning, now);
                    Seen.Add(packet.Key);
                }

                Thread.SpinWait(500);
                Interlocked.Decrement(ref _running);
                Interlocked.Increment(ref _handled);
            }
        }
    }
}
