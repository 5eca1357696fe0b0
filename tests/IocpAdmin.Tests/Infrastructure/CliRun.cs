using System.Diagnostics;

namespace IocpAdmin.Tests.Infrastructure;

/// <summary>Runs the real command-line client as a process and captures what it prints.</summary>
public sealed record CliRun(int ExitCode, string Output, string Error, TimeSpan Elapsed)
{
    public static Task<CliRun> RunAsync(params string[] args) => RunAsync(TimeSpan.FromSeconds(60), args);

    /// <summary>Runs the CLI; past <paramref name="timeout"/> it is killed with its children (by PID) and the test fails.</summary>
    public static async Task<CliRun> RunAsync(TimeSpan timeout, params string[] args)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(BuildOutput.ClientCliDll);
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        // Wide enough that no table or line is wrapped.
        info.Environment["COLUMNS"] = "200";
        var started = Stopwatch.StartNew();
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var limit = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"Client.Cli {string.Join(' ', args)} ran past {timeout}");
        }

        return new CliRun(process.ExitCode, (await output).Trim(), (await error).Trim(), started.Elapsed);
    }
}
