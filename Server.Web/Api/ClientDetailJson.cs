namespace IocpAdmin.Web.Api;

/// <summary>One client with its history (connected), or how it ended (closed).</summary>
public sealed record ClientDetailJson(long Id, bool Connected, ClientJson? Client, IReadOnlyList<HistoryJson> History, ClosedJson? Closed);
