using System.Diagnostics;
using System.Runtime.CompilerServices;
using IocpAdmin.Protocol;
using IocpAdmin.Server.Diagnostics.Latency;

namespace IocpAdmin.Server.Sessions;

/// <summary>
/// One connection's stopwatch for <see cref="RequestLatency"/>: where each request's time goes,
/// from its last byte reaching the port to its answer being taken by the pipe. Driven by the
/// request processor on the session's one active thread, so it needs no lock; it takes one
/// timestamp per receive, per commit and per finished send, and allocates nothing.
/// </summary>
/// <remarks>
/// Requests answered between two sends are kept as runs: requests of one opcode from one receive
/// arrive together and are sent together, so they share one total (the split between worker time
/// and client-read time differs only by the microseconds between their answers). Up to
/// <see cref="MaxRuns"/> runs are kept per send; more (a long pipeline of mixed opcodes) are
/// counted with the times of a run of the same opcode.
/// </remarks>
internal sealed class RequestTimer
{
    private const int MaxRuns = 8;

    private readonly RequestLatency _latency;
    private readonly long _sessionId;
    private readonly int? _processId;
    private Runs _runs;
    private int _runCount;
    private long _arrivedAt;
    private long _queueTicks;
    private long _commitTotal;
    private long _commitMark;
    private long _requeueTotal;
    private long _requeueMark;
    private long _submittedAt;
    private long _answeredAt;
    private long _sendQueueTicks;

    public RequestTimer(RequestLatency latency, long sessionId, int? processId)
    {
        _latency = latency;
        _sessionId = sessionId;
        _processId = processId;
    }

    /// <summary>A receive completed; its completion waited <paramref name="queueTicks"/> in the port.</summary>
    public void OnReceived(long queueTicks)
    {
        var now = Stopwatch.GetTimestamp();
        _queueTicks = queueTicks;
        _arrivedAt = now - queueTicks;
        _commitMark = _commitTotal;
        _requeueMark = _requeueTotal;
        _answeredAt = 0;
    }

    /// <summary>Writes were handed to the store.</summary>
    public void OnSubmitted() => _submittedAt = Stopwatch.GetTimestamp();

    /// <summary>
    /// The writes committed, and the session runs again; the commit's completion waited
    /// <paramref name="queueTicks"/> in the port (queue time, not commit time).
    /// </summary>
    public void OnCommitted(long queueTicks = 0)
    {
        var now = Stopwatch.GetTimestamp();
        var queued = Math.Clamp(queueTicks, 0, Math.Max(0, now - _submittedAt));
        _commitTotal += now - _submittedAt - queued;
        _requeueTotal += queued;
        _answeredAt = now;
    }

    /// <summary>A request of <paramref name="kind"/> was answered (its response is in the output).</summary>
    public void OnAnswered(RequestKind kind)
    {
        if (_answeredAt == 0)
        {
            // One timestamp for every answer of this step: they are microseconds apart.
            _answeredAt = Stopwatch.GetTimestamp();
        }

        // Requests of one opcode from one receive share a run; with every slot taken, a run of the
        // same opcode takes it (its times are borrowed), and only then the last run.
        var sameKind = -1;
        for (var i = _runCount - 1; i >= 0; i--)
        {
            ref var run = ref _runs[i];
            if (run.Kind == kind && run.ArrivedAt == _arrivedAt)
            {
                run.Count++;
                return;
            }

            if (run.Kind == kind && sameKind < 0)
            {
                sameKind = i;
            }
        }

        if (_runCount == MaxRuns)
        {
            _runs[sameKind >= 0 ? sameKind : MaxRuns - 1].Count++;
            return;
        }

        _runs[_runCount++] = new Run
        {
            Kind = kind,
            Count = 1,
            ArrivedAt = _arrivedAt,
            QueueTicks = _queueTicks + (_requeueTotal - _requeueMark),
            CommitTicks = _commitTotal - _commitMark,
            AnsweredAt = _answeredAt,
        };
    }

    /// <summary>
    /// A send finished; <paramref name="drained"/> when every answer written so far has gone. Its
    /// completion waited <paramref name="queueTicks"/> in the port: queue time, not the client's.
    /// </summary>
    public void OnSent(bool drained, long queueTicks = 0)
    {
        _answeredAt = 0;
        if (_runCount == 0)
        {
            return;
        }

        _sendQueueTicks += Math.Max(0, queueTicks);
        if (!drained)
        {
            return;
        }

        var now = Stopwatch.GetTimestamp();
        for (var i = 0; i < _runCount; i++)
        {
            ref var run = ref _runs[i];
            var sinceAnswer = Math.Max(0, now - run.AnsweredAt);
            var sendQueue = Math.Min(_sendQueueTicks, sinceAnswer);
            var clientRead = sinceAnswer - sendQueue;
            var queue = run.QueueTicks + sendQueue;
            var worker = Math.Max(0, run.AnsweredAt - run.ArrivedAt - run.QueueTicks - run.CommitTicks);
            _latency.Record(run.Kind, run.Count, queue, worker, run.CommitTicks, clientRead);
            if (now - run.ArrivedAt >= _latency.SlowThresholdTicks)
            {
                LogSlow(run, queue, worker, clientRead);
            }
        }

        _runCount = 0;
        _sendQueueTicks = 0;
    }

    /// <summary>The answers will never be sent (the client is gone): they are not counted.</summary>
    public void Discard()
    {
        _runCount = 0;
        _sendQueueTicks = 0;
    }

    private void LogSlow(in Run run, long queue, long worker, long clientRead)
    {
        var (kind, count, commit) = (run.Kind, run.Count, run.CommitTicks);
        var (sessionId, processId) = (_sessionId, _processId);
        _latency.SlowLog.Add(sequence => new SlowRequest(sequence, DateTimeOffset.UtcNow, sessionId, processId, kind, count,
            Stopwatch.GetElapsedTime(0, queue + worker + commit + clientRead), Stopwatch.GetElapsedTime(0, queue),
            Stopwatch.GetElapsedTime(0, worker), Stopwatch.GetElapsedTime(0, commit), Stopwatch.GetElapsedTime(0, clientRead)));
    }

    private struct Run
    {
        public RequestKind Kind;
        public int Count;
        public long ArrivedAt;
        public long QueueTicks;
        public long CommitTicks;
        public long AnsweredAt;
    }

    [InlineArray(MaxRuns)]
    private struct Runs
    {
        private Run _first;
    }
}
