using IocpAdmin.Server.Storage;

namespace IocpAdmin.Web.Dashboard;

/// <summary>
/// One page of records, how many rows the view holds in all, how the rows were found, and the
/// index of the page they are: when it is not the one the grid asked for (rows were written
/// meanwhile), the grid's pager is moved there so that its caption says what is shown.
/// </summary>
public sealed record RecordPage(IReadOnlyList<StoredRecord> Items, long Total, RecordPageKind Kind, int Page);
