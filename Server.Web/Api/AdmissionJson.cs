namespace IocpAdmin.Web.Api;

public sealed record AdmissionJson(string Mode, string? Previous = null);
