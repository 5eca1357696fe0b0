using IocpAdmin.Server.Diagnostics.Latency;

namespace IocpAdmin.Web.Api;

/// <summary>One slow-log entry; <c>requests</c> is more than 1 when several of one opcode arrived and were answered together.</summary>
internal sealed record SlowRequestJson(
    long Id,
    DateTimeOffset At,
    long ClientId,
    int? ProcessId,
    string Opcode,
    int Requests,
    double TotalMilliseconds,
    double QueueMilliseconds,
    double WorkerMilliseconds,
    double CommitMilliseconds,
    double ClientReadMilliseconds,
    string Dominant)
{
    public static SlowRequestJson Of(SlowRequest s) => new(s.Sequence, s.At, s.SessionId, s.ProcessId, IocpAdmin.Protocol.RequestNames.Of(s.Kind), s.Requests,
        OperationLatencyJson.Round(s.Total.TotalMilliseconds), OperationLatencyJson.Round(s.Queue.TotalMilliseconds),
        OperationLatencyJson.Round(s.Worker.TotalMilliseconds), OperationLatencyJson.Round(s.Commit.TotalMilliseconds),
        OperationLatencyJson.Round(s.ClientRead.TotalMilliseconds), StageNames.Of(s.Dominant));
}
