using IocpAdmin.Server.Storage;

namespace IocpAdmin.Web.Dashboard;

/// <summary>
/// One page of records, how many rows the view holds in all, how the rows were found, and where the
/// pager is to be moved so that its caption says what is shown (<see cref="PagerMoveKind"/>).
/// </summary>
public sealed record RecordPage(IReadOnlyList<StoredRecord> Items, long Total, RecordPageKind Kind, PagerMoveKind Move);
