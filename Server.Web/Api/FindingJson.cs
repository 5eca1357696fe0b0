using IocpAdmin.Server.Diagnostics.Latency;

namespace IocpAdmin.Web.Api;

internal sealed record FindingJson(string Severity, string Title, string Evidence, string? Advice, string? Stage)
{
    public static FindingJson Of(DoctorFinding f) => new(f.Severity.ToString(), f.Title, f.Evidence, f.Advice, f.Stage is { } stage ? StageNames.Of(stage) : null);
}
