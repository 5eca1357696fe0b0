using System.Globalization;

namespace IocpAdmin.Tests.Fuzz;

/// <summary>
/// How long a fuzz test runs and from which seed. CI runs the defaults; a longer hunt sets
/// IOCPADMIN_FUZZ_SECONDS (e.g. 600), and a failure is replayed with the IOCPADMIN_FUZZ_SEED it printed.
/// </summary>
public static class FuzzBudget
{
    public static TimeSpan Duration(int defaultSeconds) =>
        TimeSpan.FromSeconds(int.TryParse(Environment.GetEnvironmentVariable("IOCPADMIN_FUZZ_SECONDS"), NumberStyles.None,
            CultureInfo.InvariantCulture, out var seconds) && seconds > 0 ? seconds : defaultSeconds);

    public static int Seed() =>
        int.TryParse(Environment.GetEnvironmentVariable("IOCPADMIN_FUZZ_SEED"), NumberStyles.AllowLeadingSign,
            CultureInfo.InvariantCulture, out var seed) ? seed : Random.Shared.Next();
}
