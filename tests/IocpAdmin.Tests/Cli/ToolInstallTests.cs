using System.Diagnostics;
using IocpAdmin.Tests.Infrastructure;

namespace IocpAdmin.Tests.Cli;

/// <summary>The README's install of the CLI as a .NET tool: packed from this clone, installed, and run as <c>iocpadmin</c>.</summary>
public sealed class ToolInstallTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task PackThenToolInstall_PutsIocpadminInPlace_AndItServesARecordCommand()
    {
        Assert.SkipWhen(OperatingSystem.IsWindows(), "the Windows leg runs a published executable, not the SDK");
        var packages = _directory.File("packages");
        var tools = _directory.File("tools");

        var pack = await RunAsync("dotnet", "pack", Path.Combine(BuildOutput.RepoRoot, "Client.Cli"), "-c", BuildOutput.Configuration, "--no-build", "-o", packages);
        Assert.True(pack.ExitCode == 0, $"dotnet pack failed:\n{pack.Output}");
        Assert.Single(Directory.GetFiles(packages, "IocpAdmin.Cli.*.nupkg"));

        var install = await RunAsync("dotnet", "tool", "install", "IocpAdmin.Cli", "--tool-path", tools, "--add-source", packages, "--ignore-failed-sources");
        Assert.True(install.ExitCode == 0, $"dotnet tool install failed:\n{install.Output}");

        await using var server = await TestServer.StartAsync();
        var add = await RunAsync(Path.Combine(tools, "iocpadmin"), "add", "3", "4", "--pipe", server.PipeName);
        Assert.Equal((0, "Added record 1 (3, 4)"), (add.ExitCode, add.Output.Trim()));
        var help = await RunAsync(Path.Combine(tools, "iocpadmin"), "--help");
        Assert.Contains("iocpadmin [OPTIONS] <COMMAND>", help.Output, StringComparison.Ordinal);
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(string fileName, params string[] args)
    {
        var info = new ProcessStartInfo(fileName) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        info.Environment["DOTNET_NOLOGO"] = "1";
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{fileName} {string.Join(' ', args)} did not end within 3 minutes");
        }

        return (process.ExitCode, (await output) + (await error));
    }
}
