using IocpAdmin.Protocol;

namespace IocpAdmin.Server.Diagnostics.Latency;

/// <summary>
/// One entry of the slow log: a request (or several of one opcode that arrived and were answered
/// together, <see cref="Requests"/>) that took at least the threshold, and where its time went.
/// </summary>
public sealed record SlowRequest(
    long Sequence,
    DateTimeOffset At,
    long SessionId,
    int? ProcessId,
    RequestKind Kind,
    int Requests,
    TimeSpan Total,
    TimeSpan Queue,
    TimeSpan Worker,
    TimeSpan Commit,
    TimeSpan ClientRead)
{
    /// <summary>The stage that took the most of <see cref="Total"/>.</summary>
    public LatencyStageKind Dominant
    {
        get
        {
            var dominant = LatencyStageKind.Queue;
            var longest = Queue;
            if (Worker > longest)
            {
                (dominant, longest) = (LatencyStageKind.Worker, Worker);
            }

            if (Commit > longest)
            {
                (dominant, longest) = (LatencyStageKind.Commit, Commit);
            }

            return ClientRead > longest ? LatencyStageKind.ClientRead : dominant;
        }
    }

    /// <summary>The share of <see cref="Total"/> spent in <paramref name="stage"/>, 0 to 1.</summary>
    public double Share(LatencyStageKind stage)
    {
        var part = stage switch
        {
            LatencyStageKind.Queue => Queue,
            LatencyStageKind.Worker => Worker,
            LatencyStageKind.Commit => Commit,
            LatencyStageKind.ClientRead => ClientRead,
            _ => Total,
        };
        return Total <= TimeSpan.Zero ? 0 : Math.Clamp(part / Total, 0, 1);
    }
}
