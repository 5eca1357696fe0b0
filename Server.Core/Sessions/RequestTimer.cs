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
/// counted with the last run's times.
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
    private long _submittedAt;
    private long _answeredAt;

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
        _answeredAt = 0;
    }

    /// <summary>Writes were handed to the store.</summary>
    public void OnSubmitted() => _submittedAt = Stopwatch.GetTimestamp();

    /// <summary>The writes committed, and the session runs again.</summary>
    public void OnCommitted()
    {
        var now = Stopwatch.GetTimestamp();
        _commitTotal += now - _submittedAt;
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

        if (_runCount > 0)
        {
            ref var last = ref _runs[_runCount - 1];
            if ((last.ArrivedAt == _arrivedAt && last.Kind == kind) || _runCount == MaxRuns)
            {
                last.Count++;
                return;
            }
        }

        _runs[_runCount++] = new Run
        {
            Kind = kind,
            Count = 1,
            ArrivedAt = _arrivedAt,
            QueueTicks = _queueTicks,
            CommitTicks = _commitTotal - _commitMark,
            AnsweredAt = _answeredAt,
        };
    }

    /// <summary>A send finished; <paramref name="drained"/> when every answer written so far has gone.</summary>
    public void OnSent(bool drained)
    {
        _answeredAt = 0;
        if (!drained || _runCount == 0)
        {
            return;
        }

        var now = Stopwatch.GetTimestamp();
        for (var i = 0; i < _runCount; i++)
        {
            ref var run = ref _runs[i];
            var clientRead = Math.Max(0, now - run.AnsweredAt);
            var worker = Math.Max(0, run.AnsweredAt - run.ArrivedAt - run.QueueTicks - run.CommitTicks);
            _latency.Record(run.Kind, run.Count, run.QueueTicks, worker, run.CommitTicks, clientRead);
            if (now - run.ArrivedAt >= _latency.SlowThresholdTicks)
            {
                LogSlow(run, worker, clientRead);
            }
        }

        _runCount = 0;
    }

    /// <summary>The answers will never be sent (the client is gone): they are not counted.</summary>
    public void Discard() => _runCount = 0;

    private void LogSlow(in Run run, long worker, long clientRead)
    {
        var (kind, count, queue, commit) = (run.Kind, run.Count, run.QueueTicks, run.CommitTicks);
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
