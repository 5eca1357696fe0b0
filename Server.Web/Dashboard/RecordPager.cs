using IocpAdmin.Server.Storage;
using Microsoft.EntityFrameworkCore;

namespace IocpAdmin.Web.Dashboard;

/// <summary>
/// Pages the Records grid by key, not by offset. Next reads the rows after the last one shown,
/// Previous the rows before the first one, a refresh the rows from the first one on, Last the end
/// as it is now. Writes between two pages do not skip a row (an offset moves with each delete
/// before it), and a page deep in millions of rows costs what the first does (SQLite walks an
/// offset row by row). One pager per grid: it remembers what its grid shows.
/// </summary>
/// <remarks>
/// The grid's pager says only which page index it wants, so the step is read from the index:
/// one more than shown is Next, one less Previous, the same a refresh, the last page of the total
/// the grid was given is Last. Last from the page before it cannot be told from Next; it reads as
/// Next. Each page reads one row beyond, which says whether the index still fits the rows: when
/// writes before the page moved them (Next found rows after what the grid counts as its last page;
/// Previous found more than a page before the first page), the page is realigned to where its rows
/// are, so every row stays reachable and the caption true. Next that finds the end shows the end,
/// Previous that finds no more than a page before shows the first page. A page given for another
/// index than asked is given once more, as it was, when the grid asks for that index: under writes
/// the end moves with every read, and Last page would otherwise chase it.
/// </remarks>
public sealed class RecordPager
{
    private Shown? _shown;

    // A page given for another index than the grid asked for (writes moved its rows): the grid is
    // being moved onto its index, and that read takes it as it was.
    private RecordPage? _moving;

    public async Task<RecordPage> ReadAsync(IQueryable<StoredRecord> records, long storeCount, RecordPageRequest request, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(request.Page);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(request.PageSize);
        if (_moving is { } moving)
        {
            _moving = null;
            if (_shown is { } movedShown && movedShown.Request == request)
            {
                // The grid moved onto the page it was given. Reading the end again would give another
                // page under writes, and the grid would never settle on the last one.
                return moving with { Kind = RecordPageKind.Moved };
            }
        }

        var descending = request.Descending;
        var size = request.PageSize;
        if (request.From is { } from)
        {
            records = FromOn(records, from, descending);
        }

        // All records: the store's own count, not a scan. A jump's range is counted (an index range).
        var total = request.From is null ? storeCount : await records.LongCountAsync(cancellationToken);
        var lastPage = LastPage(total, size);
        var kind = Choose(request, lastPage);
        var page = request.Page;
        List<StoredRecord> items;
        switch (kind)
        {
            case RecordPageKind.After:
                items = await InOrder(After(records, _shown!.LastId, descending), descending).Take(size + 1).ToListAsync(cancellationToken);
                if (items.Count <= size && page != lastPage)
                {
                    // Nothing follows these rows, yet the grid counts other pages after (or none at
                    // all: the rows after the ones shown were deleted): they are the end.
                    (kind, items, page) = await EndAsync(records, request, total, lastPage, cancellationToken);
                }
                else if (items.Count > size && page >= lastPage)
                {
                    // More rows follow what the grid counts as its last page: rows before were deleted.
                    (kind, items, page) = await RealignAsync(records, request, items[0].Id, lastPage, cancellationToken);
                }
                else
                {
                    items = items[..Math.Min(size, items.Count)];
                }

                break;
            case RecordPageKind.Before:
                items = await InOrder(Before(records, _shown!.FirstId, descending), !descending).Take(size + 1).ToListAsync(cancellationToken);
                if (items.Count <= size)
                {
                    // No more than a page before the rows shown: that is the first page, from the start.
                    kind = RecordPageKind.Start;
                    items = await InOrder(records, descending).Take(size).ToListAsync(cancellationToken);
                    page = 0;
                }
                else if (page == 0)
                {
                    // More than a page before the first page: rows were added before it (newest first).
                    (kind, items, page) = await RealignAsync(records, request, items[size - 1].Id, lastPage, cancellationToken);
                }
                else
                {
                    items = items[..size];
                    items.Reverse();
                }

                break;
            case RecordPageKind.Again:
                items = await InOrder(FromOn(records, _shown!.FirstId, descending), descending).Take(size).ToListAsync(cancellationToken);
                break;
            case RecordPageKind.End:
                (kind, items, page) = await EndAsync(records, request, total, lastPage, cancellationToken);
                break;
            case RecordPageKind.Offset:
                items = await InOrder(records, descending).Skip(request.Page * size).Take(size).ToListAsync(cancellationToken);
                break;
            default:
                items = await InOrder(records, descending).Take(size).ToListAsync(cancellationToken);
                break;
        }

        _shown = items.Count == 0 ? null : new Shown(request with { Page = page }, items[0].Id, items[^1].Id, total);
        var result = new RecordPage(items, total, kind, page);
        _moving = page != request.Page && _shown is not null ? result : null;
        return result;
    }

    /// <summary>Forgets what the grid shows, when the grid could not be moved where the last page said.</summary>
    public void Forget()
    {
        _shown = null;
        _moving = null;
    }

    /// <summary>The index of the last page of <paramref name="total"/> rows (0 when there are none).</summary>
    public static int LastPage(long total, int pageSize) =>
        total <= 0 ? 0 : (int)Math.Min(int.MaxValue, (total - 1) / pageSize);

    private RecordPageKind Choose(RecordPageRequest request, int lastPage)
    {
        if (_shown is { } shown && shown.Request.SameViewAs(request))
        {
            if (request.Page == shown.Request.Page + 1)
            {
                return RecordPageKind.After;
            }

            // Previous onto the first page too: newest first, rows added meanwhile come before it.
            if (request.Page == shown.Request.Page - 1)
            {
                return RecordPageKind.Before;
            }

            if (request.Page == 0)
            {
                return RecordPageKind.Start;
            }

            if (request.Page == shown.Request.Page)
            {
                // The last page read again is the end as it is now: rows added since (by this user or
                // another client) are shown, and a pager moved onto the end follows it as it grows.
                return shown.Request.Page == LastPage(shown.Total, request.PageSize) ? RecordPageKind.End : RecordPageKind.Again;
            }

            // "Last page" asks for the last page of the total the grid was given, which writes may have moved.
            if (request.Page == LastPage(shown.Total, request.PageSize))
            {
                return RecordPageKind.End;
            }
        }

        return request.Page == 0 ? RecordPageKind.Start
            : request.Page >= lastPage ? RecordPageKind.End
            : RecordPageKind.Offset;
    }

    // The last rows by key (as many as the last page holds, so the pager's caption fits them), on the last page.
    private static async Task<(RecordPageKind, List<StoredRecord>, int)> EndAsync(
        IQueryable<StoredRecord> records, RecordPageRequest request, long total, int lastPage, CancellationToken cancellationToken)
    {
        var count = (int)Math.Max(0, total - ((long)lastPage * request.PageSize));
        var items = await InOrder(records, !request.Descending).Take(count).ToListAsync(cancellationToken);
        items.Reverse();
        return (RecordPageKind.End, items, lastPage);
    }

    // The page that holds the row with this id, as it is now: the rows before it are counted (an
    // index range), and the page is read whole from its start, so it holds that row and nothing is skipped.
    private static async Task<(RecordPageKind, List<StoredRecord>, int)> RealignAsync(
        IQueryable<StoredRecord> records, RecordPageRequest request, long id, int lastPage, CancellationToken cancellationToken)
    {
        var before = await Before(records, id, request.Descending).LongCountAsync(cancellationToken);
        var page = (int)Math.Min(lastPage, before / request.PageSize);
        var items = await InOrder(records, request.Descending).Skip(page * request.PageSize).Take(request.PageSize).ToListAsync(cancellationToken);
        return (RecordPageKind.Realigned, items, page);
    }

    private static IQueryable<StoredRecord> InOrder(IQueryable<StoredRecord> records, bool descending) =>
        descending ? records.OrderByDescending(r => r.Id) : records.OrderBy(r => r.Id);

    // "After" and "before" are in the order shown: newest first, the rows after have smaller ids.
    private static IQueryable<StoredRecord> After(IQueryable<StoredRecord> records, long id, bool descending) =>
        descending ? records.Where(r => r.Id < id) : records.Where(r => r.Id > id);

    private static IQueryable<StoredRecord> Before(IQueryable<StoredRecord> records, long id, bool descending) =>
        descending ? records.Where(r => r.Id > id) : records.Where(r => r.Id < id);

    private static IQueryable<StoredRecord> FromOn(IQueryable<StoredRecord> records, long id, bool descending) =>
        descending ? records.Where(r => r.Id <= id) : records.Where(r => r.Id >= id);

    // What the grid shows: its view and page, its first and last ids, and the total it was given.
    private sealed record Shown(RecordPageRequest Request, long FirstId, long LastId, long Total);
}
