using System.Diagnostics;
using System.Net;
using HdrHistogram;
using IocpAdmin.Protocol;

namespace IocpAdmin.Cli.Bench;

/// <summary>
/// One benchmark client: a connection running its script of transactions, keeping up to
/// <see cref="BenchPlan.Pipeline"/> requests in flight and timing each from the moment it is
/// written to the moment its response is parsed.
/// </summary>
internal sealed partial class BenchClient : IAsyncDisposable
{
    /// <summary>ADD and the id requests are 17 bytes on the wire, PING with 8 bytes 13.</summary>
    private const int MaxRequestSize = 17;
    private const int SeedPipeline = 256;

    private readonly BenchPlan _plan;
    private readonly ulong[] _sharedIds;
    private readonly Queue<ulong> _ownIds = new();
    private readonly long[] _sentAt;
    private readonly RequestKind[] _sentKind;
    private readonly byte[] _send;
    private readonly double _nanosecondsPerTick = 1e9 / Stopwatch.Frequency;
    private BenchConnection? _connection;
    private uint _random;
    private long _sent;
    private long _completed;
    private long _errors;

    public BenchClient(BenchPlan plan, int index, ulong[] sharedIds)
    {
        _plan = plan;
        _sharedIds = sharedIds;
        var depth = Math.Max(plan.Pipeline, SeedPipeline);
        _sentAt = new long[depth];
        _sentKind = new RequestKind[depth];
        _send = new byte[depth * MaxRequestSize];
        _random = (uint)(index * 2_654_435_761L) | 1;
    }

    /// <summary>Transactions answered so far (read by the progress display while the run goes on).</summary>
    public long Completed => Volatile.Read(ref _completed);

    /// <summary>Answers that were not what the script expected (ERROR, NOT_FOUND, BUSY, BAD_REQUEST).</summary>
    public long Errors => Volatile.Read(ref _errors);

    /// <summary>Why the client stopped early, if it did.</summary>
    public string? Failure { get; private set; }

    /// <summary>Connects and adds the records the script will delete: all before the clock starts.</summary>
    public async Task PrepareAsync(string pipeName, TimeSpan connectTimeout, CancellationToken cancellationToken)
    {
        try
        {
            _connection = await BenchConnection.ConnectAsync(pipeName, connectTimeout, cancellationToken);
            if (_plan.OwnRecordsBeforeRun > 0)
            {
                await RunAsync(_plan.OwnRecordsBeforeRun, SeedPipeline, ScriptPhase.Seed, histogram: null, cancellationToken);
                _sent = _completed = _errors = 0;
            }
        }
        catch (Exception ex) when (ex is IOException or TimeoutException or UnauthorizedAccessException or ProtocolViolationException)
        {
            Failure = ex.Message;
        }
    }

    /// <summary>Runs the timed script; failures end this client only and are counted as errors.</summary>
    public async Task RunAsync(LongConcurrentHistogram histogram, CancellationToken cancellationToken)
    {
        if (Failure is not null || _connection is null)
        {
            _errors = _plan.Transactions;
            return;
        }

        try
        {
            await RunAsync(_plan.Transactions, _plan.Pipeline, ScriptPhase.Run, histogram, cancellationToken);
        }
        catch (Exception ex) when (ex is IOException or ProtocolViolationException)
        {
            Failure = ex.Message;
            Volatile.Write(ref _errors, _errors + (_plan.Transactions - _completed));
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_connection is not null)
        {
            await _connection.DisposeAsync();
        }
    }

    private async Task SendAsync(BenchConnection connection, int length, CancellationToken cancellationToken)
    {
        try
        {
            await connection.SendAsync(_send.AsMemory(0, length), cancellationToken);
        }
        catch (IOException sendFailure)
        {
            // A server at capacity answers BUSY at once and closes: the write meets a broken pipe,
            // but the answer that says why is still there to read.
            try
            {
                await connection.ReceiveAsync(cancellationToken);
                if (connection.TryTakeResponse(out var status, out _, out var reason) && reason is not null)
                {
                    throw new IOException($"{RequestNames.Of(status)}: {reason}", sendFailure);
                }
            }
            catch (EndOfStreamException)
            {
                // Nothing was sent back: the broken pipe is all there is to say.
            }

            throw;
        }
    }

    /// <summary>
    /// Deletes the records this client added and still holds, after the timed run: a soak then
    /// runs round after round on a store whose size does not grow, so any growth is a leak.
    /// </summary>
    public async Task CleanUpAsync(CancellationToken cancellationToken)
    {
        if (Failure is not null || _connection is null || _ownIds.Count == 0)
        {
            return;
        }

        // The run's own counts are what the report shows: the clean-up is counted apart.
        var (sent, completed, errors) = (_sent, _completed, _errors);
        try
        {
            _sent = _completed = 0;
            await RunAsync(_ownIds.Count, SeedPipeline, ScriptPhase.CleanUp, histogram: null, cancellationToken);
            Failure ??= _errors > errors ? "a clean-up DELETE failed" : null;
        }
        catch (Exception ex) when (ex is IOException or ProtocolViolationException)
        {
            Failure = $"clean-up: {ex.Message}";
            _errors++;
        }
        finally
        {
            _sent = sent;
            Volatile.Write(ref _completed, completed);
        }
    }

    private async Task RunAsync(long total, int depth, ScriptPhase phase, LongConcurrentHistogram? histogram, CancellationToken cancellationToken)
    {
        var connection = _connection!;
        while (_completed < total)
        {
            var length = 0;
            while (_sent < total && _sent - _completed < depth)
            {
                int written;
                var kind = phase switch
                {
                    ScriptPhase.Seed => WriteAdd(_send.AsSpan(length), out written),
                    ScriptPhase.CleanUp => TryWriteDelete(_send.AsSpan(length), out written),
                    _ => TryWriteNext(_send.AsSpan(length), out written),
                };
                if (kind is null)
                {
                    break;
                }

                var slot = (int)(_sent % depth);
                _sentKind[slot] = kind.Value;
                _sentAt[slot] = Stopwatch.GetTimestamp();
                _sent++;
                length += written;
            }

            if (length > 0)
            {
                await SendAsync(connection, length, cancellationToken);
            }
            else if (_sent == _completed)
            {
                // Only a DELETE waiting for an ADD's id can block the script, and that ADD is in flight.
                throw new InvalidOperationException("the benchmark script is blocked with nothing in flight");
            }

            await connection.ReceiveAsync(cancellationToken);
            while (connection.TryTakeResponse(out var status, out var value, out var reason))
            {
                var slot = (int)(_completed % depth);
                var now = Stopwatch.GetTimestamp();
                histogram?.RecordValue(Math.Max(1, (long)((now - _sentAt[slot]) * _nanosecondsPerTick)));
                OnResponse(_sentKind[slot], status, value, reason);
                Volatile.Write(ref _completed, _completed + 1);
            }
        }
    }

    private enum ScriptPhase
    {
        /// <summary>Before the clock: ADDs of the records the script will delete.</summary>
        Seed,

        /// <summary>The timed script.</summary>
        Run,

        /// <summary>After the clock: DELETEs of every record the client still holds.</summary>
        CleanUp,
    }
}
