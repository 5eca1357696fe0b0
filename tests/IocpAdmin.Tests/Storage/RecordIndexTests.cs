using IocpAdmin.Server.Storage;

namespace IocpAdmin.Tests.Storage;

public sealed class RecordIndexTests
{
    [Fact]
    public void TryGet_AfterAddAndRemove_SeesOnlyPresentRecords()
    {
        var index = new RecordIndex();
        index.Add(1, 10, -10);
        index.Add(2, 20, -20);

        Assert.True(index.Remove(1));

        Assert.False(index.TryGet(1, out _, out _));
        Assert.True(index.TryGet(2, out var a, out var b));
        Assert.Equal((20, -20), (a, b));
        Assert.Equal(1, index.Count);
        Assert.False(index.Remove(1));
        Assert.False(index.TryGet(0, out _, out _));
        Assert.False(index.TryGet(ulong.MaxValue, out _, out _));
    }

    [Fact]
    public void List_AcrossPagesWithGaps_ReturnsAscendingIdsAboveAfterId()
    {
        var index = new RecordIndex();
        for (ulong id = 1; id <= 20_000; id++)
        {
            index.Add(id, (int)id, 0);
        }

        // Empty out the second page (ids 4097..8192) entirely, and every other id of the third.
        for (ulong id = 4097; id <= 8192; id++)
        {
            index.Remove(id);
        }

        for (ulong id = 8193; id <= 12288; id += 2)
        {
            index.Remove(id);
        }

        var entries = new RecordEntry[1000];
        var count = index.List(4090, entries);

        Assert.Equal(1000, count);
        Assert.Equal([4091ul, 4092, 4093, 4094, 4095, 4096, 8194, 8196], entries[..8].Select(e => e.Id));
        Assert.All(entries[..count], e => Assert.Equal((int)e.Id, e.A));
        Assert.True(entries[..count].Select(e => e.Id).SequenceEqual(entries[..count].Select(e => e.Id).Order()));
    }

    [Fact]
    public void List_AfterTheHighestOrMaxId_IsEmpty()
    {
        var index = new RecordIndex();
        index.Add(1, 1, 1);
        var entries = new RecordEntry[10];

        Assert.Equal(0, index.List(1, entries));
        Assert.Equal(0, index.List(ulong.MaxValue, entries));
        Assert.Equal(1, index.List(0, entries));
    }

    [Fact]
    public void Remove_LastRecordOfAFullyHandedOutPage_StillListsLaterPages()
    {
        var index = new RecordIndex();
        for (ulong id = 1; id <= 5000; id++)
        {
            index.Add(id, 0, 0);
        }

        for (ulong id = 1; id <= 4096; id++)
        {
            index.Remove(id);
        }

        var entries = new RecordEntry[2];
        Assert.Equal(2, index.List(0, entries));
        Assert.Equal(4097ul, entries[0].Id);
        Assert.Equal(904, index.Count);
    }
}
