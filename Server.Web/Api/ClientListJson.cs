namespace IocpAdmin.Web.Api;

/// <summary>A page of clients and how many match in all.</summary>
public sealed record ClientListJson(int Total, IReadOnlyList<ClientJson> Items);
