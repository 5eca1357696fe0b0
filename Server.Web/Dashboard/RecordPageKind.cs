namespace IocpAdmin.Web.Dashboard;

/// <summary>How <see cref="RecordPager"/> found a page's rows.</summary>
public enum RecordPageKind
{
    /// <summary>The first rows of the view (the first page).</summary>
    Start,

    /// <summary>The rows after the last one shown (Next page).</summary>
    After,

    /// <summary>The rows before the first one shown (Previous page).</summary>
    Before,

    /// <summary>The rows from the first one shown on (the same page read again: a refresh after an add or a delete).</summary>
    Again,

    /// <summary>The last rows of the view as it is now (Last page, the last page read again, or a page past the end).</summary>
    End,

    /// <summary>
    /// The page the rows that follow (or precede) the ones shown really are, found by counting the
    /// rows before them: only when writes moved them off the index the grid asked for (Next found
    /// more rows after what the grid counts as its last page; Previous found more than a page before
    /// the first). The count walks the rows before, as an offset would, but only then.
    /// </summary>
    Realigned,

    /// <summary>
    /// A page by its offset: only when nothing shown can key it (a page asked for in another view
    /// and not the first or the last); SQLite walks an offset row by row.
    /// </summary>
    Offset,

    /// <summary>
    /// The page just given for another index than the grid asked for, given again as it was: the
    /// grid's pager was moved onto its index, and the move ends there (the end read again under
    /// writes would be another page, and the grid would follow it without settling).
    /// </summary>
    Moved,
}
