using IocpAdmin.Server.Sessions;

namespace IocpAdmin.Web.Api;

/// <summary>One history entry: a transition ("state"), an answered request ("request") or a commit ("commit").</summary>
public sealed record HistoryJson(DateTimeOffset At, string Event, string? State, string? Request, string? Status, int Bytes)
{
    public static HistoryJson Of(HistoryEvent e) => new(e.At, e.Kind.ToString().ToLowerInvariant(),
        e.Kind == HistoryEventKind.State ? e.State.ToString() : null,
        e.Kind == HistoryEventKind.Request ? (e.Request == IocpAdmin.Protocol.RequestKind.None ? "(bad frame)" : IocpAdmin.Protocol.RequestNames.Of(e.Request)) : null,
        e.Kind == HistoryEventKind.State ? null : IocpAdmin.Protocol.RequestNames.Of(e.Status),
        e.Bytes);
}
