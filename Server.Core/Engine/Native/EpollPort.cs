using System.Runtime.InteropServices;

namespace IocpAdmin.Server.Engine.Native;

/// <summary>
/// The engine's port on an epoll set, for where io_uring is refused: workers call epoll_wait
/// themselves, each connection is armed one-shot for the one operation it waits on, and the worker
/// that takes its event does the non-blocking receive or send inline (<see cref="EpollConnection"/>).
/// </summary>
internal sealed unsafe class EpollPort : KernelPort
{
    public const uint EpollIn = 0x001;
    public const uint EpollOut = 0x004;
    public const uint EpollErr = 0x008;
    public const uint EpollHup = 0x010;
    public const uint EpollRdHup = 0x2000;
    public const uint EpollOneShot = 1u << 30;

    private const int CtlAdd = 1;
    private const int CtlDel = 2;
    private const int CtlMod = 3;
    private const int EfdNonBlock = 0x800;
    private const int EfdCloExec = 0x80000;
    private const int MaxEvents = 256;

    // struct epoll_event is packed on x86-64 (12 bytes: u32 events, u64 data) and naturally aligned
    // elsewhere (16 bytes, data at offset 8).
    private static readonly int s_eventSize = RuntimeInformation.ProcessArchitecture == Architecture.X64 ? 12 : 16;
    private static readonly int s_dataOffset = RuntimeInformation.ProcessArchitecture == Architecture.X64 ? 4 : 8;

    private readonly int _epoll;
    private readonly int _wakeFd;
    private readonly byte* _events;
    private int _disposed;

    private EpollPort(int concurrency, int epoll, int wakeFd)
        : base(concurrency)
    {
        _epoll = epoll;
        _wakeFd = wakeFd;
        _events = (byte*)NativeMemory.Alloc((nuint)(MaxEvents * s_eventSize));
    }

    public static EpollPort? TryCreate(int concurrency, out string? reason)
    {
        if (!OperatingSystem.IsLinux())
        {
            reason = "epoll exists only on Linux";
            return null;
        }

        var epoll = Libc.epoll_create1(EfdCloExec);
        if (epoll < 0)
        {
            reason = $"epoll_create1 failed: {Marshal.GetPInvokeErrorMessage(Libc.LastError)}";
            return null;
        }

        var wakeFd = Libc.eventfd(0, EfdNonBlock | EfdCloExec);
        if (wakeFd < 0 || Control(epoll, CtlAdd, wakeFd, EpollIn, token: 0) != 0)
        {
            reason = $"the epoll wake-up eventfd failed: {Marshal.GetPInvokeErrorMessage(Libc.LastError)}";
            if (wakeFd >= 0)
            {
                Libc.close(wakeFd);
            }

            Libc.close(epoll);
            return null;
        }

        reason = null;
        return new EpollPort(concurrency, epoll, wakeFd);
    }

    /// <summary>Adds <paramref name="fd"/> to the set, disarmed; 0 or an errno.</summary>
    public int Add(int fd, ulong token) =>
        Control(_epoll, CtlAdd, fd, EpollOneShot, token) == 0 ? 0 : Libc.LastError;

    /// <summary>Arms <paramref name="fd"/> for one event of <paramref name="events"/> (or hang-up, or error); 0 or an errno.</summary>
    /// <remarks>
    /// Peer shutdown (EPOLLRDHUP) only matters to a reader: armed for writing, it would stay true
    /// after the client's (or our drain's) half-close and wake the worker again at once, forever.
    /// </remarks>
    public int Arm(int fd, ulong token, uint events) =>
        Control(_epoll, CtlMod, fd, events | ((events & EpollIn) != 0 ? EpollRdHup : 0) | EpollOneShot, token) == 0 ? 0 : Libc.LastError;

    /// <summary>Takes <paramref name="fd"/> out of the set (before it is closed, so no event for it is reaped later).</summary>
    public void Remove(int fd) => Control(_epoll, CtlDel, fd, 0, 0);

    protected override int WaitForReady(Span<KernelEvent> batch, int millisecondsTimeout)
    {
        var ready = Libc.epoll_wait(_epoll, _events, Math.Min(MaxEvents, batch.Length), millisecondsTimeout);
        var count = 0;
        for (var i = 0; i < ready; i++)
        {
            var entry = _events + (i * s_eventSize);
            var token = *(ulong*)(entry + s_dataOffset);
            if (token == 0)
            {
                // The wake-up: reset the eventfd (level-triggered, it would fire again).
                ulong value;
                Libc.read(_wakeFd, &value, sizeof(ulong));
                continue;
            }

            batch[count++] = new KernelEvent(token, (int)*(uint*)entry, 0);
        }

        return count;
    }

    protected override void Interrupt()
    {
        ulong one = 1;
        Libc.write(_wakeFd, &one, sizeof(ulong));
    }

    protected override void DisposeKernelQueue()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        Libc.close(_wakeFd);
        Libc.close(_epoll);
        NativeMemory.Free(_events);
    }

    private static int Control(int epoll, int op, int fd, uint events, ulong token)
    {
        var entry = stackalloc byte[16];
        *(uint*)entry = events;
        *(ulong*)(entry + s_dataOffset) = token;
        return Libc.epoll_ctl(epoll, op, fd, entry);
    }
}
