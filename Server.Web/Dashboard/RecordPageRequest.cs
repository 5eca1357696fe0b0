namespace IocpAdmin.Web.Dashboard;

/// <summary>
/// A page of the Records grid as its pager asks for it: the page index and size, the order, and
/// the id the rows start from (jump to id), if any.
/// </summary>
public sealed record RecordPageRequest(int Page, int PageSize, bool Descending = false, long? From = null)
{
    /// <summary>The same rows in the same order, whatever the page: paging by key holds only within one view.</summary>
    public bool SameViewAs(RecordPageRequest other) =>
        PageSize == other.PageSize && Descending == other.Descending && From == other.From;
}
