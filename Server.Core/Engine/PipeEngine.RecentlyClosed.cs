using IocpAdmin.Server.Diagnostics;

namespace IocpAdmin.Server.Engine;

// The last connections that ended, with why: a fixed ring, one small record per close (never per request).
internal abstract partial class PipeEngine
{
    /// <summary>How many ended connections are remembered.</summary>
    public const int RecentlyClosedCapacity = 256;

    private readonly ClosedSession?[] _recentlyClosed = new ClosedSession?[RecentlyClosedCapacity];
    private readonly Lock _recentlyClosedGate = new();
    private long _closedCount;

    /// <summary>The last <see cref="RecentlyClosedCapacity"/> connections that ended, newest first.</summary>
    public IReadOnlyList<ClosedSession> RecentlyClosed()
    {
        lock (_recentlyClosedGate)
        {
            var count = (int)Math.Min(_closedCount, RecentlyClosedCapacity);
            var result = new ClosedSession[count];
            for (var i = 0; i < count; i++)
            {
                result[i] = _recentlyClosed[(int)((_closedCount - 1 - i) % RecentlyClosedCapacity)]!;
            }

            return result;
        }
    }

    private void RememberClosed(ClosedSession record)
    {
        lock (_recentlyClosedGate)
        {
            _recentlyClosed[(int)(_closedCount % RecentlyClosedCapacity)] = record;
            _closedCount++;
        }
    }
}
