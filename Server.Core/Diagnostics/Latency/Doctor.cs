using System.Globalization;
using IocpAdmin.Server.Storage;

namespace IocpAdmin.Server.Diagnostics.Latency;

/// <summary>
/// Says in words what dominates request latency now, with the figures that show it, and what to do
/// about it: commits failing; the completion queue deep for long (workers saturated); and, for each
/// opcode whose p99 is at least <see cref="AttentionMilliseconds"/>, the stage that took most of its
/// time, with that stage's own evidence (the write lock's wait and the fsync for commits, the
/// workers' busy share for the queue). Pure: the same input gives the same findings.
/// </summary>
public static class Doctor
{
    /// <summary>An opcode is looked at when its p99 is at least this.</summary>
    public const double AttentionMilliseconds = 10;

    /// <summary>Fewer requests than this in the window say nothing about a p99.</summary>
    public const long MinimumRequests = 10;

    /// <summary>How long the queue must stay deeper than 4 × workers before the workers are called saturated.</summary>
    public static readonly TimeSpan SaturatedAfter = TimeSpan.FromSeconds(30);

    private static readonly CultureInfo s_invariant = CultureInfo.InvariantCulture;

    public static IReadOnlyList<DoctorFinding> Diagnose(DoctorInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var findings = new List<DoctorFinding>();
        var seconds = Seconds(input.Window);
        if (input.Store.FailingSince is { } failingSince)
        {
            findings.Add(new DoctorFinding(FindingSeverityKind.Critical, "Commits are failing: writes get ERROR",
                $"every commit since {failingSince.UtcDateTime.ToString("HH:mm:ss", s_invariant)} UTC failed ({input.Store.FailedCommits:N0} in the last {seconds}): {input.Store.LastError}",
                "Fix what the error names (disk space, file permissions); commits resume by themselves.", LatencyStageKind.Commit));
        }

        var workers = input.Engine.Workers.Count;
        if (workers > 0 && input.QueueDeepFor >= SaturatedAfter)
        {
            findings.Add(new DoctorFinding(FindingSeverityKind.Warning, "Workers are saturated",
                $"the completion queue has been deeper than 4 × workers for {Seconds(input.QueueDeepFor)} ({input.Engine.PortQueueDepth:N0} packets now, {workers} workers, busy {Busy(input.Engine):0} %)",
                "Requests wait for a free worker. More cores help; more workers than cores do not. Fewer clients, or pipelining, lower the load.",
                LatencyStageKind.Queue));
        }

        foreach (var operation in input.Operations.Where(o => o.Count >= MinimumRequests && o.P99Milliseconds >= AttentionMilliseconds)
                     .OrderByDescending(o => o.P99Milliseconds))
        {
            findings.Add(StageFinding(operation, input));
        }

        if (findings.Count == 0)
        {
            findings.Add(AllClear(input, seconds));
        }

        return findings;
    }

    private static DoctorFinding StageFinding(OperationLatency operation, DoctorInput input)
    {
        var stage = operation.Dominant;
        var share = operation.ShareOf(stage);
        var evidence = $"p99 {operation.Name} {Ms(operation.P99Milliseconds)} over {operation.Count:N0} requests, {share:P0} {StageNames.Describe(stage)}";
        switch (stage)
        {
            case LatencyStageKind.Commit:
                var store = input.Store;
                var commits = store.Commits == 0 ? "no commit finished in the window"
                    : $"commits take {Ms(store.MeanCommitMilliseconds)} on average: {Ms(store.MeanLockWaitMilliseconds)} waiting for the write lock, {Ms(store.MeanSyncMilliseconds)} in COMMIT (fsync)";
                var advice = store.MeanLockWaitMilliseconds >= store.MeanSyncMilliseconds && store.MeanLockWaitMilliseconds >= 1
                    ? "Another connection holds the database's write lock (a backup, a tool with the file open): find it (fuser or lsof on the records file) and end it."
                    : input.Synchronous == SynchronousKind.Full && store.MeanSyncMilliseconds >= 2
                        ? "The fsync dominates: consider Store:Synchronous=Normal (in WAL mode a power loss can lose the last commits, never corrupt the file), or faster storage."
                        : store.Commits == 0
                            ? "The writer has not finished a commit in the window: the database is locked or the disk stalls."
                            : "Commits are slow: the disk is slow or busy with something else.";
                return new DoctorFinding(FindingSeverityKind.Warning, $"{operation.Name} waits for commits", $"{evidence}; {commits}", advice, stage);
            case LatencyStageKind.Queue:
                return new DoctorFinding(FindingSeverityKind.Warning, $"{operation.Name} waits in the completion queue",
                    $"{evidence}; workers busy {Busy(input.Engine):0} %, {input.Engine.PortQueueDepth:N0} packets queued now",
                    "The workers cannot keep up: more cores, fewer clients, or pipelined requests.", stage);
            case LatencyStageKind.ClientRead:
                return new DoctorFinding(FindingSeverityKind.Info, $"{operation.Name} answers wait for their clients to read",
                    $"{evidence}: the server answered, the clients took their time",
                    "The clients are slow to read (see Clients, quick filter 'not reading'); the server is not the bottleneck.", stage);
            default:
                return new DoctorFinding(FindingSeverityKind.Warning, $"{operation.Name} runs long on the workers",
                    $"{evidence}; workers busy {Busy(input.Engine):0} %",
                    operation.Kind == Protocol.RequestKind.List
                        ? "Large LISTs cost worker time: smaller limits, or fewer at once."
                        : "The machine may be short of CPU: other processes, or more clients than the cores serve.", stage);
        }
    }

    private static DoctorFinding AllClear(DoctorInput input, string seconds)
    {
        var busiest = input.Operations.Where(o => o.Count > 0).OrderByDescending(o => o.P99Milliseconds).FirstOrDefault();
        if (busiest is null)
        {
            return new DoctorFinding(FindingSeverityKind.Ok, "No requests", $"no request was answered in the last {seconds}", null);
        }

        var total = input.Operations.Sum(o => o.Count);
        return new DoctorFinding(FindingSeverityKind.Ok, "Nothing stands out",
            $"{total:N0} requests in the last {seconds}; the slowest p99 is {busiest.Name} {Ms(busiest.P99Milliseconds)}, under {AttentionMilliseconds:0} ms", null);
    }

    private static double Busy(EngineSnapshot engine) => engine.Workers.Count == 0 ? 0 : engine.Workers.Average(w => w.BusyPercent);

    private static string Seconds(TimeSpan span) => $"{Math.Max(0, span.TotalSeconds):0} s";

    /// <summary>A duration in milliseconds, as people read it: 41 ms, 3.2 ms, 850 µs.</summary>
    public static string Ms(double milliseconds) => milliseconds switch
    {
        >= 100 => $"{milliseconds.ToString("N0", s_invariant)} ms",
        >= 10 => $"{milliseconds.ToString("0", s_invariant)} ms",
        >= 1 => $"{milliseconds.ToString("0.0", s_invariant)} ms",
        _ => $"{(milliseconds * 1000).ToString("0", s_invariant)} µs",
    };
}
