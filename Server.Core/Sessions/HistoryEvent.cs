using IocpAdmin.Protocol;

namespace IocpAdmin.Server.Sessions;

/// <summary>One entry of a client's recent history.</summary>
/// <param name="At">When, on the server's clock.</param>
/// <param name="Bytes">The request frame's size (Request), or the writes in the batch (Commit).</param>
public readonly record struct HistoryEvent(DateTimeOffset At, HistoryEventKind Kind, SessionState State, RequestKind Request, StatusKind Status, int Bytes);
