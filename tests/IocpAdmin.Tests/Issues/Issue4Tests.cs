using IocpAdmin.Tests.Infrastructure;

namespace IocpAdmin.Tests.Issues;

/// <summary>Regressions found while building the benchmark modes (issue 4).</summary>
public sealed class Issue4Tests : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    /// <summary>
    /// SIGTERM while the host was still starting its services (opening the databases) ended in an
    /// unhandled OperationCanceledException and a stack trace (exit 134). The signal is sent when
    /// the record store reports it is open: the host has its signal handling by then, and the
    /// console database, the pipe and Kestrel are still to start.
    /// </summary>
    [Fact]
    public async Task Sigterm_WhileTheServerIsStarting_ExitsZeroWithoutAStackTrace()
    {
        await using var server = ServerProcess.Launch(_directory.File("records.db"), TestNames.Pipe());
        await Eventually.TrueAsync(() => server.HasExited || server.Output.Contains("Record store", StringComparison.Ordinal),
            TimeSpan.FromSeconds(30), "the server reports its record store open");

        server.Terminate();

        Assert.Equal(0, await server.WaitForExitAsync(TimeSpan.FromSeconds(30)));
        Assert.DoesNotContain("Unhandled exception", server.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", server.Output, StringComparison.Ordinal);
    }
}
