namespace IocpAdmin.Cli.Bench;

/// <summary>Whether a soak passed: no error in any round, and no growth of memory or handles after warm-up.</summary>
internal sealed record SoakVerdict(
    long Transactions,
    long Errors,
    double BaselineResidentMb,
    double FinalResidentMb,
    double GrowthPercent,
    int BaselineHandles,
    int FinalHandles,
    int BaselineThreads,
    int FinalThreads,
    IReadOnlyList<string> Failures)
{
    /// <summary>8 MB: what a GC heap settling after a burst of 1,000 clients moves by on its own.</summary>
    private const double MemoryFloorMb = 8;

    public bool Passed => Failures.Count == 0;

    public static SoakVerdict Judge(IReadOnlyList<SoakRound> rounds, double maxGrowthPercent, int maxHandleGrowth)
    {
        var failures = new List<string>();
        foreach (var round in rounds.Where(r => !r.Result.Clean))
        {
            failures.Add($"round {round.Number}: {round.Result.Errors:N0} errors, {round.Result.FailedClients} failed clients" +
                (round.Result.TimedOut ? ", timed out" : "") + (round.Result.FirstFailure is { } f ? $" (first: {f})" : ""));
        }

        var measured = rounds.Where(r => !r.WarmUp).ToList();
        if (measured.Count < 2)
        {
            failures.Add($"only {measured.Count} round(s) after warm-up: lengthen --duration or shorten --warmup or -n");
            return new SoakVerdict(rounds.Sum(r => r.Result.Completed), rounds.Sum(r => r.Result.Errors), 0, 0, 0, 0, 0, 0, 0, failures);
        }

        // Judged on settled readings: the first after warm-up against the lowest of the last three
        // (a leak keeps every later reading up; a GC that has not yet run lifts only some).
        var baseline = measured[0];
        var tail = measured.TakeLast(Math.Min(3, measured.Count - 1)).ToList();
        static double Mb(long bytes) => bytes / (1024.0 * 1024.0);
        var baseMb = Mb(baseline.SettledResidentBytes);
        var finalMb = Mb(tail.Min(r => r.SettledResidentBytes));
        var growth = baseMb > 0 ? 100 * (finalMb - baseMb) / baseMb : 0;
        if (finalMb - baseMb > Math.Max(MemoryFloorMb, baseMb * maxGrowthPercent / 100))
        {
            failures.Add($"server memory grew from {baseMb:F0} MB to {finalMb:F0} MB ({growth:+0.0;-0.0}%) after warm-up (limit {maxGrowthPercent}%)");
        }

        var finalHandles = tail.Min(r => r.SettledHandles);
        if (finalHandles - baseline.SettledHandles > maxHandleGrowth)
        {
            failures.Add($"server handles grew from {baseline.SettledHandles} to {finalHandles} after warm-up (limit +{maxHandleGrowth})");
        }

        var finalThreads = tail.Min(r => r.SettledThreads);
        return new SoakVerdict(rounds.Sum(r => r.Result.Completed), rounds.Sum(r => r.Result.Errors), baseMb, finalMb, growth,
            baseline.SettledHandles, finalHandles, baseline.SettledThreads, finalThreads, failures);
    }
}
