using System.Diagnostics;

namespace IocpAdmin.Cli.Bench;

/// <summary>Samples a server process and probes its health endpoint while a benchmark runs.</summary>
internal sealed class ServerSampler : IAsyncDisposable
{
    private static readonly TimeSpan s_interval = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan s_probeTimeout = TimeSpan.FromSeconds(10);
    private readonly Process _process;
    private readonly HttpClient _http;
    private readonly Uri _health;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<double> _probeMs = [];

    /// <summary>Readings come from the timer and from the runner's <see cref="BenchRunner.AtPeak"/> calls.</summary>
    private readonly Lock _gate = new();
    private int _idleThreads;
    private readonly TimeSpan _cpuAtStart;
    private readonly Task _sampling;
    private readonly Task _probing;
    private int _peakThreads;
    private int? _peakClientThreads;
    private long _peakResident;
    private int _probeFailures;

    public ServerSampler(Process process, HttpClient http, Uri baseUrl)
    {
        _process = process;
        _http = http;
        _health = new Uri(baseUrl, "/healthz");
        var reading = ProcessReading.Of(process);
        _idleThreads = _peakThreads = reading.Threads;
        _peakResident = reading.ResidentBytes;
        process.Refresh();
        _cpuAtStart = process.TotalProcessorTime;
        _sampling = SampleAsync(_stop.Token);
        _probing = ProbeAsync(_stop.Token);
    }

    public async Task<ServerRunStats> StopAsync()
    {
        await _stop.CancelAsync();
        await Task.WhenAll(_sampling, _probing);
        Sample();
        _process.Refresh();
        var cpu = (_process.TotalProcessorTime - _cpuAtStart).TotalSeconds;
        _probeMs.Sort();
        double At(double percentile) => _probeMs.Count == 0 ? 0 : _probeMs[(int)Math.Min(_probeMs.Count - 1, Math.Ceiling(percentile / 100 * _probeMs.Count) - 1)];
        return new ServerRunStats(
            _idleThreads, _peakThreads, cpu, _peakResident / (1024.0 * 1024.0), _probeMs.Count, _probeFailures, At(50), At(99), _probeMs.Count == 0 ? 0 : _probeMs[^1],
            _peakClientThreads);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_stop.IsCancellationRequested)
        {
            await StopAsync();
        }

        _stop.Dispose();
    }

    private async Task SampleAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(s_interval);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                Sample();
            }
        }
        catch (OperationCanceledException)
        {
            // Stopped: the final sample is taken by StopAsync.
        }
    }

    /// <summary>Takes a reading now, besides the periodic ones.</summary>
    /// <summary>A reading at one of the runner's peak moments: also counts the threads named for a client (one /proc read per thread, so only here).</summary>
    public void SamplePeak()
    {
        Sample();
        if (!_process.HasExited && ProcessReading.ThreadsNamed(_process, "client-") is { } clientThreads)
        {
            lock (_gate)
            {
                _peakClientThreads = Math.Max(_peakClientThreads ?? 0, clientThreads);
            }
        }
    }

    public void Sample()
    {
        if (_process.HasExited)
        {
            return;
        }

        var reading = ProcessReading.Of(_process);
        lock (_gate)
        {
            _peakThreads = Math.Max(_peakThreads, reading.Threads);

            // Idle is the fewest threads seen: a start-up or thread-pool thread that ends during the
            // run would otherwise count against the threads the clients added (6 clients showed as 5).
            _idleThreads = Math.Min(_idleThreads, reading.Threads);
            _peakResident = Math.Max(_peakResident, reading.ResidentBytes);
        }
    }

    private async Task ProbeAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            var started = Stopwatch.GetTimestamp();
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(s_probeTimeout);
            try
            {
                using var response = await _http.GetAsync(_health, HttpCompletionOption.ResponseContentRead, timeout.Token);
                if (response.IsSuccessStatusCode)
                {
                    _probeMs.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                }
                else
                {
                    _probeFailures++;
                }

                await Task.Delay(s_interval, cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException)
            {
                // A probe that fails or takes over 10 s is what an unusable machine looks like: count it.
                _probeFailures++;
            }
        }
    }
}
