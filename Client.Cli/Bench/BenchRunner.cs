using System.Diagnostics;
using HdrHistogram;
using IocpAdmin.Cli.Connection;

namespace IocpAdmin.Cli.Bench;

/// <summary>
/// Runs one <see cref="BenchPlan"/> against a server: seeds what the script needs, connects every
/// client, then starts them together and times the run until the last answer or the time limit.
/// </summary>
internal sealed class BenchRunner(string pipeName, TimeSpan connectTimeout, TimeSpan timeLimit)
{
    /// <summary>Connections opened at once: enough to keep accepting busy, few enough not to flood the listen backlog.</summary>
    private const int ConnectParallelism = 64;

    /// <summary>1 ns to 1 hour at 3 significant digits: about 250 KB, one histogram shared by all clients.</summary>
    private const long HighestLatencyNs = 3_600_000_000_000;

    private BenchClient[] _clients = [];
    private ulong[]? _keptSeed;

    /// <summary>Transactions answered so far in the current run.</summary>
    public long Completed
    {
        get
        {
            long sum = 0;
            foreach (var client in Volatile.Read(ref _clients))
            {
                sum += client.Completed;
            }

            return sum;
        }
    }

    /// <summary>
    /// Called when every client is connected and again when the last answer is in, before the
    /// connections close: the moments a sampler must not miss in a run shorter than its interval.
    /// </summary>
    public Action? AtPeak { get; set; }

    /// <summary>
    /// Soak mode: seed the shared records once and reuse them in every later run, and have each
    /// client delete what it still holds after its run, so the store's size is the same after every run.
    /// </summary>
    public bool SteadyState { get; init; }

    /// <summary>Where the run is: for a progress display.</summary>
    public string Stage { get; private set; } = "starting";

    public async Task<BenchResult> RunAsync(BenchPlan plan, CancellationToken cancellationToken)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeLimit);
        var histogram = new LongConcurrentHistogram(1, HighestLatencyNs, 3);
        Volatile.Write(ref _clients, []);
        var timedOut = false;
        var connecting = Stopwatch.StartNew();
        var clients = new BenchClient[plan.Clients];
        TimeSpan elapsed = default;
        try
        {
            Stage = "checking the server";
            await CheckServerAsync(limit.Token);
            Stage = "seeding";
            var sharedIds = !plan.NeedsSharedSeed ? []
                : SteadyState && _keptSeed is { } kept ? kept
                : await BenchSeed.AddRecordsAsync(pipeName, plan.SeedRecords, connectTimeout, limit.Token);
            _keptSeed = SteadyState ? sharedIds : null;
            Stage = "connecting";
            for (var i = 0; i < clients.Length; i++)
            {
                clients[i] = new BenchClient(plan, i, sharedIds);
            }

            await Parallel.ForEachAsync(
                clients,
                new ParallelOptions { MaxDegreeOfParallelism = ConnectParallelism, CancellationToken = limit.Token },
                async (client, token) => await client.PrepareAsync(pipeName, connectTimeout, token));
            connecting.Stop();

            AtPeak?.Invoke();
            Stage = "running";
            Volatile.Write(ref _clients, clients);
            var started = Stopwatch.GetTimestamp();
            var runs = new Task[clients.Length];
            for (var i = 0; i < clients.Length; i++)
            {
                runs[i] = clients[i].RunAsync(histogram, limit.Token);
            }

            await Task.WhenAll(runs);
            elapsed = Stopwatch.GetElapsedTime(started);
            AtPeak?.Invoke();
            if (SteadyState)
            {
                Stage = "cleaning up";
                await Task.WhenAll(clients.Select(c => c.CleanUpAsync(limit.Token)));
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            timedOut = true;
            elapsed = timeLimit;
        }
        finally
        {
            Stage = "closing";
            await Task.WhenAll(clients.Where(c => c is not null).Select(c => c.DisposeAsync().AsTask()));
        }

        return Summarize(plan, clients, histogram, connecting.Elapsed, elapsed, timedOut);
    }

    private async Task CheckServerAsync(CancellationToken cancellationToken)
    {
        try
        {
            await BenchSeed.CheckServerAsync(pipeName, connectTimeout, cancellationToken);
        }
        catch (TimeoutException)
        {
            throw new CliException($"cannot reach the record server on pipe '{pipeName}': no server answered within {connectTimeout.TotalSeconds:0.#} s");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new CliException($"the record server on pipe '{pipeName}' cannot take the benchmark: {ex.Message}");
        }
    }

    private static BenchResult Summarize(BenchPlan plan, BenchClient[] clients, LongConcurrentHistogram histogram, TimeSpan connect, TimeSpan elapsed, bool timedOut)
    {
        long completed = 0, errors = 0;
        var failed = 0;
        string? firstFailure = null;
        foreach (var client in clients.Where(c => c is not null))
        {
            completed += client.Completed;
            errors += client.Errors;
            if (client.Failure is not null)
            {
                failed++;
                firstFailure ??= client.Failure;
            }
        }

        static double Ms(long ns) => ns / 1e6;
        var seconds = Math.Max(elapsed.TotalSeconds, 1e-9);
        var any = histogram.TotalCount > 0;
        return new BenchResult(
            plan.Clients,
            plan.Describe(),
            plan.Pipeline,
            plan.TotalTransactions,
            completed,
            errors,
            failed,
            connect.TotalSeconds,
            elapsed.TotalSeconds,
            completed / seconds,
            any ? Ms(histogram.GetValueAtPercentile(50)) : 0,
            any ? Ms(histogram.GetValueAtPercentile(90)) : 0,
            any ? Ms(histogram.GetValueAtPercentile(99)) : 0,
            any ? Ms(histogram.GetMaxValue()) : 0,
            timedOut,
            firstFailure);
    }
}
