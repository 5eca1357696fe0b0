using IocpAdmin.Server.Engine;

namespace IocpAdmin.Web.Api;

public sealed record QuarantineJson(long Id, string Scope, long Key, string Target, string Reason, string By, DateTimeOffset Since, DateTimeOffset Until, long Refused)
{
    public static QuarantineJson Of(Quarantine q) => new(q.Id, q.Scope.ToString().ToLowerInvariant(), q.Key, q.Target, q.Reason, q.By, q.Since, q.Until, q.Refused);
}
