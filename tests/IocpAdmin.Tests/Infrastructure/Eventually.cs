using System.Diagnostics;

namespace IocpAdmin.Tests.Infrastructure;

/// <summary>Waits on a condition, never on a fixed sleep: returns as soon as it holds, fails after the bound.</summary>
public static class Eventually
{
    public static async Task TrueAsync(Func<bool> condition, TimeSpan within, string because)
    {
        var started = Stopwatch.StartNew();
        while (!condition())
        {
            if (started.Elapsed > within)
            {
                Assert.Fail($"Not true within {within.TotalSeconds:0.#} s: {because}");
            }

            await Task.Delay(10);
        }
    }

    public static async Task<T> ValueAsync<T>(Func<T> read, Func<T, bool> accept, TimeSpan within, string because)
    {
        var started = Stopwatch.StartNew();
        while (true)
        {
            var value = read();
            if (accept(value))
            {
                return value;
            }

            if (started.Elapsed > within)
            {
                Assert.Fail($"Not true within {within.TotalSeconds:0.#} s: {because} (last value: {value})");
            }

            await Task.Delay(10);
        }
    }
}
