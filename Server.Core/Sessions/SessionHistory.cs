using IocpAdmin.Protocol;

namespace IocpAdmin.Server.Sessions;

/// <summary>
/// The last <see cref="Capacity"/> transitions and requests of one session: a fixed ring of two
/// longs per entry, allocated with the session, written by whichever thread moves the session on
/// (one at a time: the automaton has one operation outstanding) with no allocation and no lock,
/// and read from any thread. The writer fills a slot, then publishes it; the ring has one slot more
/// than it shows, so the one a write may be filling while a reader copies is never shown.
/// </summary>
internal sealed class SessionHistory
{
    public const int Capacity = 64;

    private const int Slots = Capacity + 1;

    private readonly long[] _ticks = new long[Slots];
    private readonly long[] _packed = new long[Slots];
    private long _next;

    public void RecordState(SessionState state) => Append(HistoryEventKind.State, (byte)state, 0, 0);

    public void RecordRequest(RequestKind request, StatusKind status, int frameBytes) =>
        Append(HistoryEventKind.Request, (byte)request, (byte)status, frameBytes);

    public void RecordCommit(int writes, StatusKind status) => Append(HistoryEventKind.Commit, 0, (byte)status, writes);

    /// <summary>Oldest first; wall-clock times derived from the tick count now.</summary>
    public HistoryEvent[] Read()
    {
        var ticks = new long[Capacity];
        var packed = new long[Capacity];
        long start = 0, end = 0, firstValid = 0;
        // A writer that laps the reader overwrites what it copied: copy again (a few tries, then what is valid).
        for (var attempt = 0; attempt < 4; attempt++)
        {
            end = Volatile.Read(ref _next);
            start = Math.Max(0, end - Capacity);
            for (var i = start; i < end; i++)
            {
                var slot = (int)(i % Slots);
                ticks[i - start] = Volatile.Read(ref _ticks[slot]);
                packed[i - start] = Volatile.Read(ref _packed[slot]);
            }

            // Writes published since, and the one that may be under way, overwrote the oldest slots.
            firstValid = Math.Min(end, Math.Max(start, Volatile.Read(ref _next) - Capacity));
            if (firstValid == start)
            {
                break;
            }
        }

        var nowTicks = Environment.TickCount64;
        var now = DateTimeOffset.UtcNow;
        var result = new HistoryEvent[end - firstValid];
        for (var i = firstValid; i < end; i++)
        {
            var p = packed[i - start];
            var kind = (HistoryEventKind)(p & 0xFF);
            var value = (byte)((p >> 8) & 0xFF);
            var at = now - TimeSpan.FromMilliseconds(Math.Max(0, nowTicks - ticks[i - start]));
            result[i - firstValid] = new HistoryEvent(at, kind,
                kind == HistoryEventKind.State ? (SessionState)value : SessionState.Closed,
                kind == HistoryEventKind.Request ? (RequestKind)value : RequestKind.None,
                (StatusKind)((p >> 16) & 0xFF),
                (int)(p >> 32));
        }

        return result;
    }

    private void Append(HistoryEventKind kind, byte value, byte status, int bytes)
    {
        var index = _next;
        var slot = (int)(index % Slots);
        Volatile.Write(ref _ticks[slot], Environment.TickCount64);
        Volatile.Write(ref _packed[slot], (byte)kind | ((long)value << 8) | ((long)status << 16) | ((long)bytes << 32));
        Volatile.Write(ref _next, index + 1);
    }
}
