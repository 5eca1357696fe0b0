namespace IocpAdmin.Web.Dashboard;

/// <summary>Where a grid's pager is to go after a page was read, so that its caption matches the rows.</summary>
public enum PagerMoveKind
{
    /// <summary>The pager already shows the page that was read.</summary>
    None,

    /// <summary>The rows are the first page (Previous found fewer than a page before the rows shown: some were deleted).</summary>
    First,

    /// <summary>The rows are the last page (the end moved since the pager counted, or nothing follows the rows shown).</summary>
    Last,
}
