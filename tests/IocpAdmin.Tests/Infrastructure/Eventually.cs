using System.Diagnostics;

namespace IocpAdmin.Tests.Infrastructure;

/// <summary>
/// Waits on a condition, never on a fixed sleep: returns as soon as it holds, fails after the bound.
/// Every form is asynchronous, and so may the condition be (an HTTP call, a process's output), so
/// no test blocks a thread on a task.
/// </summary>
public static class Eventually
{
    // How often a condition is looked at: short against every bound used (seconds), long enough
    // that polling costs nothing measurable.
    private static readonly TimeSpan s_poll = TimeSpan.FromMilliseconds(10);

    public static Task TrueAsync(Func<bool> condition, TimeSpan within, string because) =>
        ValueAsync(() => Task.FromResult(condition()), static holds => holds, within, because);

    public static Task TrueAsync(Func<Task<bool>> condition, TimeSpan within, string because) =>
        ValueAsync(condition, static holds => holds, within, because);

    public static Task<T> ValueAsync<T>(Func<T> read, Func<T, bool> accept, TimeSpan within, string because) =>
        ValueAsync(() => Task.FromResult(read()), accept, within, because);

    /// <summary>Reads until <paramref name="accept"/> takes the value, and returns it.</summary>
    public static async Task<T> ValueAsync<T>(Func<Task<T>> read, Func<T, bool> accept, TimeSpan within, string because)
    {
        var started = Stopwatch.StartNew();
        while (true)
        {
            var value = await read();
            if (accept(value))
            {
                return value;
            }

            if (started.Elapsed > within)
            {
                Assert.Fail($"Not true within {within.TotalSeconds:0.#} s: {because} (last value: {value})");
            }

            await Task.Delay(s_poll);
        }
    }
}
