using System.Numerics;

namespace IocpAdmin.Server.Storage;

/// <summary>
/// Every committed record, in memory, indexed directly by id: the read side of the store.
/// RETRIEVE, COUNT and LIST are answered from here by the worker that parsed them, without a
/// database round trip and without blocking. One writer (the store's writer thread, after each
/// commit) and any number of lock-free readers: a record's value is written before its presence
/// bit is published, and values never change once published (records are added and deleted,
/// never updated).
/// </summary>
internal sealed class RecordIndex
{
    // 4,096 ids per page: 32 KiB of values plus a 512-byte presence bitmap. A page whose ids are
    // all handed out and all deleted is dropped, so the batch benchmark's add-then-delete sets
    // leave nothing behind.
    private const int PageBits = 12;
    private const int PageSize = 1 << PageBits;
    private const int PageMask = PageSize - 1;
    private const int WordsPerPage = PageSize / 64;

    private Page?[] _pages = new Page?[16];
    private long _count;
    private ulong _highestId;

    /// <summary>Records present.</summary>
    public long Count => Volatile.Read(ref _count);

    /// <summary>The highest id ever added (0 when none).</summary>
    public ulong HighestId => Volatile.Read(ref _highestId);

    public bool TryGet(ulong id, out int a, out int b)
    {
        a = 0;
        b = 0;
        if (!TryLocate(id, out var page, out var slot) || !IsPresent(page, slot))
        {
            return false;
        }

        var value = Volatile.Read(ref page.Values[slot]);
        a = (int)(value >> 32);
        b = (int)value;
        return true;
    }

    public bool Contains(ulong id) => TryLocate(id, out var page, out var slot) && IsPresent(page, slot);

    /// <summary>Fills <paramref name="destination"/> with the records whose id is above <paramref name="afterId"/>, ascending.</summary>
    public int List(ulong afterId, Span<RecordEntry> destination)
    {
        var highest = HighestId;
        var pages = Volatile.Read(ref _pages);
        var written = 0;
        // Position p holds id p + 1, so the first candidate (id afterId + 1) sits at position afterId.
        var position = afterId;
        while (written < destination.Length && position < highest)
        {
            var pageIndex = position >> PageBits;
            if (pageIndex >= (ulong)pages.Length)
            {
                break;
            }

            var page = Volatile.Read(ref pages[pageIndex]);
            if (page is not null)
            {
                written += ListPage(page, pageIndex, (int)(position & PageMask), highest, destination[written..]);
            }

            position = (pageIndex + 1) << PageBits;
        }

        return written;
    }

    /// <summary>Writer only: publishes a committed record.</summary>
    public void Add(ulong id, int a, int b)
    {
        var position = id - 1;
        var pageIndex = position >> PageBits;
        var page = GetOrCreatePage(pageIndex);
        var slot = (int)(position & PageMask);
        page.Values[slot] = ((long)a << 32) | (uint)b;
        ref var word = ref page.Present[slot >> 6];
        Volatile.Write(ref word, word | (1UL << slot));
        page.Live++;
        Volatile.Write(ref _count, _count + 1);
        if (id > _highestId)
        {
            Volatile.Write(ref _highestId, id);
        }
    }

    /// <summary>Writer only: withdraws a committed delete's record. False if it was not present.</summary>
    public bool Remove(ulong id)
    {
        if (!TryLocate(id, out var page, out var slot) || !IsPresent(page, slot))
        {
            return false;
        }

        ref var word = ref page.Present[slot >> 6];
        Volatile.Write(ref word, word & ~(1UL << slot));
        page.Live--;
        Volatile.Write(ref _count, _count - 1);
        var pageIndex = (id - 1) >> PageBits;
        var pageEnd = (pageIndex + 1) << PageBits;
        if (page.Live == 0 && _highestId >= pageEnd)
        {
            // Every id of the page has been handed out (ids only grow), so none will come back to it.
            Volatile.Write(ref _pages[pageIndex], null);
        }

        return true;
    }

    private static int ListPage(Page page, ulong pageIndex, int firstSlot, ulong highest, Span<RecordEntry> destination)
    {
        var written = 0;
        var wordIndex = firstSlot >> 6;
        var bits = Volatile.Read(ref page.Present[wordIndex]) & (ulong.MaxValue << (firstSlot & 63));
        var pageBase = pageIndex << PageBits;
        while (true)
        {
            while (bits != 0)
            {
                var slot = (wordIndex << 6) + BitOperations.TrailingZeroCount(bits);
                var id = pageBase + (ulong)slot + 1;
                if (id > highest || written == destination.Length)
                {
                    return written;
                }

                var value = Volatile.Read(ref page.Values[slot]);
                destination[written++] = new RecordEntry(id, (int)(value >> 32), (int)value);
                bits &= bits - 1;
            }

            if (++wordIndex == WordsPerPage)
            {
                return written;
            }

            bits = Volatile.Read(ref page.Present[wordIndex]);
        }
    }

    private static bool IsPresent(Page page, int slot) =>
        (Volatile.Read(ref page.Present[slot >> 6]) & (1UL << slot)) != 0;

    private bool TryLocate(ulong id, out Page page, out int slot)
    {
        page = null!;
        slot = 0;
        if (id == 0)
        {
            return false;
        }

        var position = id - 1;
        var pageIndex = position >> PageBits;
        var pages = Volatile.Read(ref _pages);
        if (pageIndex >= (ulong)pages.Length)
        {
            return false;
        }

        var found = Volatile.Read(ref pages[pageIndex]);
        if (found is null)
        {
            return false;
        }

        page = found;
        slot = (int)(position & PageMask);
        return true;
    }

    private Page GetOrCreatePage(ulong pageIndex)
    {
        var pages = _pages;
        if (pageIndex >= (ulong)pages.Length)
        {
            // Copy, then publish: a reader holds either the old directory or the complete new one.
            var larger = new Page?[Math.Max((int)pageIndex + 1, pages.Length * 2)];
            Array.Copy(pages, larger, pages.Length);
            Volatile.Write(ref _pages, larger);
            pages = larger;
        }

        var page = pages[pageIndex];
        if (page is null)
        {
            page = new Page();
            Volatile.Write(ref pages[pageIndex], page);
        }

        return page;
    }

    private sealed class Page
    {
        public readonly ulong[] Present = new ulong[WordsPerPage];
        public readonly long[] Values = new long[PageSize];
        public int Live;
    }
}
