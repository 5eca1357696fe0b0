using IocpAdmin.Server.Storage;
using IocpAdmin.Tests.Infrastructure;
using IocpAdmin.Web.Dashboard;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;

namespace IocpAdmin.Tests.Web;

/// <summary>The Records grid's paging by key, over a real store in a real SQLite file, with writes between pages.</summary>
public sealed class RecordPagerTests : IAsyncLifetime
{
    private const int PageSize = 10;
    private readonly TempDirectory _directory = new();
    private readonly RecordPager _pager = new();
    private RecordStore _store = null!;

    public async ValueTask InitializeAsync()
    {
        _store = await RecordStore.OpenAsync(new StoreOptions { ConnectionString = $"Data Source={_directory.File("r.db")}" }, NullLoggerFactory.Instance);
        await AddAsync(50); // ids 1..50
    }

    public ValueTask DisposeAsync()
    {
        _store.Dispose();
        _directory.Dispose();
        return ValueTask.CompletedTask;
    }

    [Fact]
    public async Task ReadAsync_NextAfterDeletesBeforeThePage_ShowsTheRowsThatFollowTheOnesShown()
    {
        await ReadAsync(0);
        var second = await ReadAsync(1);
        Assert.Equal(Ids(11, 20), IdsOf(second));
        await DeleteAsync(1, 5);

        var third = await ReadAsync(2);

        // By offset, page 3 would now start at 26 and rows 21..25 would never be shown.
        Assert.Equal(RecordPageKind.After, third.Kind);
        Assert.Equal(Ids(21, 30), IdsOf(third));
        Assert.Equal(45, third.Total);
    }

    [Fact]
    public async Task ReadAsync_PreviousAfterDeletesBeforeThePage_ShowsTheRowsJustBeforeTheOnesShown()
    {
        await ReadAsync(0);
        await ReadAsync(1);
        await ReadAsync(2); // 21..30
        await DeleteAsync(1, 5);

        var second = await ReadAsync(1);

        // By offset, page 2 would now be 16..25, repeating 21..25.
        Assert.Equal(RecordPageKind.Before, second.Kind);
        Assert.Equal(Ids(11, 20), IdsOf(second));
        Assert.Equal(1, second.Page);
    }

    [Fact]
    public async Task ReadAsync_PreviousWithFewerThanAPageBefore_ShowsTheFirstPageAndMovesThePagerThere()
    {
        await ReadAsync(0);
        await ReadAsync(1);
        await ReadAsync(2); // 21..30
        await DeleteAsync(1, 15);

        var previous = await ReadAsync(1);

        Assert.Equal(RecordPageKind.Start, previous.Kind);
        Assert.Equal(0, previous.Page);
        Assert.Equal(Ids(16, 25), IdsOf(previous));
    }

    [Fact]
    public async Task ReadAsync_SamePageAgainAfterADeleteBeforeIt_KeepsItsFirstRow()
    {
        await ReadAsync(0);
        await ReadAsync(1); // 11..20
        await DeleteAsync(3, 3);

        var again = await ReadAsync(1);

        Assert.Equal(RecordPageKind.Again, again.Kind);
        Assert.Equal(Ids(11, 20), IdsOf(again));
    }

    [Fact]
    public async Task ReadAsync_LastAfterTheStoreGrew_ShowsTheEndAsItIsNow_AndMovesThePagerOntoIt()
    {
        var first = await ReadAsync(0);
        Assert.Equal(50, first.Total);
        await AddAsync(15); // 51..65

        // The pager still counts 50 rows: its "Last page" is page 4.
        var last = await ReadAsync(RecordPager.LastPage(first.Total, PageSize));

        Assert.Equal(RecordPageKind.End, last.Kind);
        Assert.Equal(6, last.Page);
        Assert.Equal(Ids(61, 65), IdsOf(last));

        // The pager moved onto page 6 (of 65 rows): it shows the same rows, and no further move.
        var moved = await ReadAsync(RecordPager.LastPage(last.Total, PageSize));
        Assert.Equal(6, moved.Page);
        Assert.Equal(Ids(61, 65), IdsOf(moved));
    }

    [Fact]
    public async Task ReadAsync_MovedOntoTheEndWhileWritesGoOn_TakesThePageItWasGiven_ThenARefreshFollowsTheEnd()
    {
        var first = await ReadAsync(0);
        await AddAsync(15); // 51..65
        var last = await ReadAsync(RecordPager.LastPage(first.Total, PageSize));
        Assert.Equal(6, last.Page);
        await AddAsync(20); // 66..85: the end is on page 8 now

        // The grid moves onto page 6: it takes what it was given, or it would chase the end for ever.
        var moved = await ReadAsync(6);
        Assert.Equal(RecordPageKind.Moved, moved.Kind);
        Assert.Equal(6, moved.Page);
        Assert.Equal(Ids(61, 65), IdsOf(moved));
        Assert.Equal(65, moved.Total);

        // Refreshed, the last page is the end as it is now.
        var refreshed = await ReadAsync(6);
        Assert.Equal(RecordPageKind.End, refreshed.Kind);
        Assert.Equal(8, refreshed.Page);
        Assert.Equal(Ids(81, 85), IdsOf(refreshed));
    }

    [Fact]
    public async Task ReadAsync_LastPageAgainAfterAdds_ShowsTheNewRows_AndFollowsTheEndOntoANewPage()
    {
        await DeleteAsync(46, 50);
        var last = await ReadAsync(4);
        Assert.Equal(Ids(41, 45), IdsOf(last));
        await AddAsync(1); // 51

        var again = await ReadAsync(4);
        Assert.Equal(RecordPageKind.End, again.Kind);
        Assert.Equal(4, again.Page);
        Assert.Equal(new long[] { 41, 42, 43, 44, 45, 51 }, IdsOf(again));
        await AddAsync(5); // 52..56: the end is on the next page now

        var onward = await ReadAsync(4);
        Assert.Equal(5, onward.Page);
        Assert.Equal(new long[] { 56 }, IdsOf(onward));
    }

    [Fact]
    public async Task ReadAsync_NextWhenEverythingAfterWasDeleted_ShowsTheEnd()
    {
        await ReadAsync(0);
        await ReadAsync(1);
        await DeleteAsync(21, 50);

        var next = await ReadAsync(2);

        Assert.Equal(RecordPageKind.End, next.Kind);
        Assert.Equal(1, next.Page);
        Assert.Equal(Ids(11, 20), IdsOf(next));
    }

    [Fact]
    public async Task ReadAsync_NewestFirst_NextAndPreviousFollowTheOrderShown()
    {
        var first = await ReadAsync(0, descending: true);
        Assert.Equal(Ids(50, 41), IdsOf(first));
        await AddAsync(5); // 51..55 come before, in this order

        var next = await ReadAsync(1, descending: true);
        Assert.Equal(Ids(40, 31), IdsOf(next));
        await DeleteAsync(45, 50);

        var previous = await ReadAsync(0, descending: true);
        Assert.Equal(RecordPageKind.Start, previous.Kind);
        Assert.Equal(new long[] { 55, 54, 53, 52, 51, 44, 43, 42, 41, 40 }, IdsOf(previous));
    }

    [Fact]
    public async Task ReadAsync_FromAnId_PagesWithinTheRangeAndCountsOnlyIt()
    {
        var first = await ReadAsync(0, from: 31);
        Assert.Equal(20, first.Total);
        Assert.Equal(Ids(31, 40), IdsOf(first));

        var down = await ReadAsync(0, descending: true, from: 31);
        Assert.Equal(31, down.Total);
        Assert.Equal(Ids(31, 22), IdsOf(down));
        var next = await ReadAsync(1, descending: true, from: 31);
        Assert.Equal(Ids(21, 12), IdsOf(next));
    }

    [Fact]
    public async Task ReadAsync_APageOfAnotherView_IsReadByOffset_NotKeyedOnTheOtherViewsRows()
    {
        await ReadAsync(0);
        await ReadAsync(1); // ascending 11..20

        // The same index in the other order is not "the page after" the rows shown.
        var descending = await ReadAsync(2, descending: true);

        Assert.Equal(RecordPageKind.Offset, descending.Kind);
        Assert.Equal(Ids(30, 21), IdsOf(descending));
    }

    [Fact]
    public async Task ReadAsync_EmptyStore_ReadsNoRows_AndMovesThePagerToTheOnlyPage()
    {
        await DeleteAsync(1, 50);

        var page = await ReadAsync(3);

        Assert.Empty(page.Items);
        Assert.Equal(0, page.Total);
        Assert.Equal(0, page.Page);
        var moved = await ReadAsync(0);
        Assert.Empty(moved.Items);
        Assert.Equal(0, moved.Page);
    }

    [Fact]
    public async Task ReadAsync_NextOntoTheCountedLastPageWithMoreRowsAfter_RealignsSoTheRestStaysReachable()
    {
        await ReadAsync(0);
        await ReadAsync(1); // 11..20
        await DeleteAsync(1, 10); // 40 rows: the last page is index 3

        var next = await ReadAsync(2);
        Assert.Equal(Ids(21, 30), IdsOf(next));
        Assert.Equal(2, next.Page);

        // Index 3 is the last page of 40 rows, yet 41..50 follow 31..40: the page is where 31..40 are.
        var onto = await ReadAsync(3);
        Assert.Equal(RecordPageKind.Realigned, onto.Kind);
        Assert.Equal(2, onto.Page);
        Assert.Equal(Ids(31, 40), IdsOf(onto));

        // The grid moves to index 2 and reads it again, then Next reaches the end.
        Assert.Equal(Ids(31, 40), IdsOf(await ReadAsync(2)));
        var last = await ReadAsync(3);
        Assert.Equal(RecordPageKind.After, last.Kind);
        Assert.Equal(3, last.Page);
        Assert.Equal(Ids(41, 50), IdsOf(last));
    }

    [Fact]
    public async Task ReadAsync_NextPastTheEndAfterDeletes_ShowsTheEndOnTheLastPage()
    {
        await ReadAsync(0);
        await ReadAsync(1);
        await ReadAsync(2);
        await ReadAsync(3); // 31..40
        await DeleteAsync(1, 30); // 20 rows: 31..50

        var next = await ReadAsync(4);

        // 41..50 follow, and nothing after them: the end, on index 1 of 20 rows (not "41-50 of 20").
        Assert.Equal(RecordPageKind.End, next.Kind);
        Assert.Equal(1, next.Page);
        Assert.Equal(Ids(41, 50), IdsOf(next));
    }

    [Fact]
    public async Task ReadAsync_PreviousWithExactlyAPageBefore_ShowsTheFirstPageOnce()
    {
        await ReadAsync(0);
        await ReadAsync(1);
        await ReadAsync(2); // 21..30
        await DeleteAsync(1, 10);

        var previous = await ReadAsync(1);

        Assert.Equal(RecordPageKind.Start, previous.Kind);
        Assert.Equal(0, previous.Page);
        Assert.Equal(Ids(11, 20), IdsOf(previous));
    }

    [Fact]
    public async Task ReadAsync_NewestFirstPreviousOntoTheFirstPageAfterAdds_RealignsSoTheNewRowsStayReachable()
    {
        await ReadAsync(0, descending: true);
        var second = await ReadAsync(1, descending: true); // 40..31
        Assert.Equal(Ids(40, 31), IdsOf(second));
        await AddAsync(15); // 51..65 come first

        var previous = await ReadAsync(0, descending: true);

        // By index, page 0 would be 65..56, and 55..41 would be skipped on the way back.
        Assert.Equal(RecordPageKind.Realigned, previous.Kind);
        Assert.Equal(1, previous.Page);
        Assert.Equal(Ids(55, 46), IdsOf(previous));
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(1, 0)]
    [InlineData(10, 0)]
    [InlineData(11, 1)]
    [InlineData(3_300_000, 329_999)]
    public void LastPage_IsTheIndexOfThePageHoldingTheLastRow(long total, int expected) =>
        Assert.Equal(expected, RecordPager.LastPage(total, PageSize));

    private async Task<RecordPage> ReadAsync(int page, bool descending = false, long? from = null)
    {
        await using var context = _store.CreateDbContext();
        return await _pager.ReadAsync(context.Records.AsNoTracking(), _store.Count,
            new RecordPageRequest(page, PageSize, descending, from), TestContext.Current.CancellationToken);
    }

    private async Task AddAsync(int count)
    {
        for (var i = 0; i < count; i++)
        {
            await _store.AddAsync(i, -i);
        }
    }

    private async Task DeleteAsync(long firstId, long lastId)
    {
        for (var id = firstId; id <= lastId; id++)
        {
            Assert.True(await _store.DeleteAsync((ulong)id));
        }
    }

    private static long[] Ids(long first, long last) =>
        first <= last
            ? Enumerable.Range(0, (int)(last - first + 1)).Select(i => first + i).ToArray()
            : Enumerable.Range(0, (int)(first - last + 1)).Select(i => first - i).ToArray();

    private static long[] IdsOf(RecordPage page) => page.Items.Select(r => r.Id).ToArray();
}
