namespace IocpAdmin.Web.Api;

internal sealed record StagesJson(double Queue, double Worker, double Commit, double ClientRead);
