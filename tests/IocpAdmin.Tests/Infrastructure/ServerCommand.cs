using System.Diagnostics;

namespace IocpAdmin.Tests.Infrastructure;

/// <summary>Runs one of the server's own commands (<c>token create</c>, <c>hash-password</c>) against a database, as an operator on the machine does.</summary>
public static class ServerCommand
{
    public static async Task<CliRun> RunAsync(string databasePath, params string[] args)
    {
        var (fileName, prefix) = BuildOutput.ServerCommand;
        var info = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(databasePath)!,
        };
        foreach (var arg in prefix.Concat(args).Append($"--ConnectionStrings:Records=Data Source={databasePath}"))
        {
            info.ArgumentList.Add(arg);
        }

        var started = Stopwatch.StartNew();
        using var process = Process.Start(info)!;
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"Server.Web {string.Join(' ', args)} did not end within 60 s");
        }

        return new CliRun(process.ExitCode, await output, await error, started.Elapsed);
    }

    /// <summary>Makes an API token on the server machine; returns its secret.</summary>
    public static async Task<string> CreateTokenAsync(string databasePath, string name, string role)
    {
        var run = await RunAsync(databasePath, "token", "create", name, "--role", role);
        Assert.True(run.ExitCode == 0, $"token create failed ({run.ExitCode}): {run.Error}");
        return run.Output.Trim();
    }
}
