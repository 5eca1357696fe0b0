using System.Runtime.ExceptionServices;

namespace IocpAdmin.Tests.Infrastructure;

/// <summary>
/// Runs blocking test clients on dedicated threads. Not on the thread pool: an in-process server's
/// socket completions are dispatched through that pool, and dozens of clients blocked in it would
/// starve the very server under test.
/// </summary>
public static class ClientThreads
{
    public static T[] Run<T>(int count, Func<int, T> client, TimeSpan? timeout = null)
    {
        var results = new T[count];
        var failures = new Exception?[count];
        var threads = Enumerable.Range(0, count).Select(i => new Thread(() =>
        {
            try
            {
                results[i] = client(i);
            }
#pragma warning disable CA1031 // Rethrown on the test thread below.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                failures[i] = ex;
            }
        }) { IsBackground = true, Name = $"test-client-{i}" }).ToList();
        threads.ForEach(t => t.Start());
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(120));
        foreach (var thread in threads)
        {
            Assert.True(thread.Join(Max(deadline - DateTime.UtcNow, TimeSpan.Zero)), "a client thread did not finish in time");
        }

        if (failures.FirstOrDefault(f => f is not null) is { } failure)
        {
            ExceptionDispatchInfo.Capture(failure).Throw();
        }

        return results;
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;
}
