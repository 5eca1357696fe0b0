using IocpAdmin.Server.Storage;
using Microsoft.EntityFrameworkCore;

namespace IocpAdmin.Web.Dashboard;

/// <summary>
/// Pages the Records grid by key, not by offset. Next reads the rows after the last one shown,
/// Previous the rows before the first one, a refresh the rows from the first one on, Last the end
/// as it is now. Writes between two pages neither skip nor repeat a row (an offset moves with each
/// delete before it), and a page deep in millions of rows costs what the first does (SQLite walks
/// an offset row by row). One pager per grid: it remembers what its grid shows.
/// </summary>
/// <remarks>
/// The grid's pager says only which page index it wants, so the step is read from the index:
/// one more than shown is Next, one less Previous, the same a refresh, the last page of the total
/// the grid was given is Last. Last from the page before it cannot be told from Next; it reads as
/// Next (the rows after the ones shown), which under writes may not be the end yet.
/// </remarks>
public sealed class RecordPager
{
    private Shown? _shown;

    public async Task<RecordPage> ReadAsync(IQueryable<StoredRecord> records, long storeCount, RecordPageRequest request, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(request.Page);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(request.PageSize);
        var descending = request.Descending;
        if (request.From is { } from)
        {
            records = FromOn(records, from, descending);
        }

        // All records: the store's own count, not a scan. A jump's range is counted (an index range).
        var total = request.From is null ? storeCount : await records.LongCountAsync(cancellationToken);
        var lastPage = LastPage(total, request.PageSize);
        var kind = Choose(request, lastPage);
        var move = PagerMoveKind.None;
        List<StoredRecord> items;
        switch (kind)
        {
            case RecordPageKind.After:
                items = await InOrder(After(records, _shown!.LastId, descending), descending).Take(request.PageSize).ToListAsync(cancellationToken);
                if (items.Count == 0)
                {
                    // The rows after the ones shown were deleted meanwhile: the end is what follows.
                    (kind, items, move) = await EndAsync(records, request, total, lastPage, cancellationToken);
                }

                break;
            case RecordPageKind.Before:
                items = await InOrder(Before(records, _shown!.FirstId, descending), !descending).Take(request.PageSize).ToListAsync(cancellationToken);
                items.Reverse();
                if (items.Count < request.PageSize)
                {
                    // Fewer than a page before the rows shown (rows were deleted): that is the first page.
                    kind = RecordPageKind.Start;
                    items = await InOrder(records, descending).Take(request.PageSize).ToListAsync(cancellationToken);
                    move = PagerMoveKind.First;
                }

                break;
            case RecordPageKind.Again:
                items = await InOrder(FromOn(records, _shown!.FirstId, descending), descending).Take(request.PageSize).ToListAsync(cancellationToken);
                break;
            case RecordPageKind.End:
                (kind, items, move) = await EndAsync(records, request, total, lastPage, cancellationToken);
                break;
            case RecordPageKind.Offset:
                items = await InOrder(records, descending).Skip(request.Page * request.PageSize).Take(request.PageSize).ToListAsync(cancellationToken);
                break;
            default:
                items = await InOrder(records, descending).Take(request.PageSize).ToListAsync(cancellationToken);
                break;
        }

        var shownPage = move switch
        {
            PagerMoveKind.First => 0,
            PagerMoveKind.Last => lastPage,
            _ => request.Page,
        };
        _shown = items.Count == 0 ? null : new Shown(request with { Page = shownPage }, items[0].Id, items[^1].Id, total);
        return new RecordPage(items, total, kind, move);
    }

    /// <summary>The index of the last page of <paramref name="total"/> rows (0 when there are none).</summary>
    public static int LastPage(long total, int pageSize) =>
        total <= 0 ? 0 : (int)Math.Min(int.MaxValue, (total - 1) / pageSize);

    private RecordPageKind Choose(RecordPageRequest request, int lastPage)
    {
        if (request.Page == 0)
        {
            return RecordPageKind.Start;
        }

        if (_shown is { } shown && shown.Request.SameViewAs(request))
        {
            if (request.Page == shown.Request.Page + 1)
            {
                return RecordPageKind.After;
            }

            if (request.Page == shown.Request.Page - 1)
            {
                return RecordPageKind.Before;
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

        return request.Page >= lastPage ? RecordPageKind.End : RecordPageKind.Offset;
    }

    /// <summary>
    /// The last rows by key (as many as the last page holds, so the pager's caption fits them), and
    /// the pager moved onto the last page when the end is not where it counted it.
    /// </summary>
    private static async Task<(RecordPageKind, List<StoredRecord>, PagerMoveKind)> EndAsync(
        IQueryable<StoredRecord> records, RecordPageRequest request, long total, int lastPage, CancellationToken cancellationToken)
    {
        var count = (int)Math.Max(0, total - ((long)lastPage * request.PageSize));
        var items = await InOrder(records, !request.Descending).Take(count).ToListAsync(cancellationToken);
        items.Reverse();
        return (RecordPageKind.End, items, request.Page == lastPage ? PagerMoveKind.None : PagerMoveKind.Last);
    }

    private static IQueryable<StoredRecord> InOrder(IQueryable<StoredRecord> records, bool descending) =>
        descending ? records.OrderByDescending(r => r.Id) : records.OrderBy(r => r.Id);

    /// <summary>The rows after <paramref name="id"/> in the order shown.</summary>
    private static IQueryable<StoredRecord> After(IQueryable<StoredRecord> records, long id, bool descending) =>
        descending ? records.Where(r => r.Id < id) : records.Where(r => r.Id > id);

    /// <summary>The rows before <paramref name="id"/> in the order shown.</summary>
    private static IQueryable<StoredRecord> Before(IQueryable<StoredRecord> records, long id, bool descending) =>
        descending ? records.Where(r => r.Id > id) : records.Where(r => r.Id < id);

    /// <summary>The rows from <paramref name="id"/> on in the order shown.</summary>
    private static IQueryable<StoredRecord> FromOn(IQueryable<StoredRecord> records, long id, bool descending) =>
        descending ? records.Where(r => r.Id <= id) : records.Where(r => r.Id >= id);

    /// <summary>What the grid shows: its view and page, its first and last ids, and the total it was given.</summary>
    private sealed record Shown(RecordPageRequest Request, long FirstId, long LastId, long Total);
}
