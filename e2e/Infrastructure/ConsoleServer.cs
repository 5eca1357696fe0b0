using System.Diagnostics;
using IocpAdmin.Tests.Infrastructure;

namespace IocpAdmin.E2E.Infrastructure;

/// <summary>The real Server.Web process for browser tests, with its sign-in credentials.</summary>
public sealed class ConsoleServer : IAsyncDisposable
{
    private readonly TempDirectory _directory;
    private readonly string[] _args;

    private ConsoleServer(TempDirectory directory, ServerProcess process, IReadOnlyDictionary<string, string> passwords, string[] args)
    {
        _directory = directory;
        Process = process;
        Passwords = passwords;
        _args = args;
    }

    public ServerProcess Process { get; private set; }

    /// <summary>User name to password, for signing in.</summary>
    public IReadOnlyDictionary<string, string> Passwords { get; }

    public Uri BaseUrl => Process.BaseUrl;

    public string PipeName => Process.PipeName;

    /// <summary>A first start: no users anywhere, so the server creates <c>admin</c> and prints its password once.</summary>
    public static Task<ConsoleServer> StartFirstRunAsync(params string[] extraArgs) => StartFirstRunOnAsync(null, extraArgs);

    /// <summary>A first start on a database file of the test's choosing (null: a fresh temp folder).</summary>
    public static async Task<ConsoleServer> StartFirstRunOnAsync(string? databasePath, params string[] extraArgs)
    {
        var directory = new TempDirectory();
        var process = await ServerProcess.StartAsync(databasePath ?? directory.File("records.db"), null, extraArgs);
        var password = ConsoleSignIn.FirstAdminPassword(process);
        return new ConsoleServer(directory, process, new Dictionary<string, string> { ["admin"] = password }, extraArgs);
    }

    /// <summary>Users declared in configuration, their hashes made by the server's own hash-password command.</summary>
    public static async Task<ConsoleServer> StartWithUsersAsync(params (string Name, string Password, string Role)[] users)
    {
        var directory = new TempDirectory();
        var args = new List<string>();
        for (var i = 0; i < users.Length; i++)
        {
            args.Add($"--Auth:Users:{i}:Name={users[i].Name}");
            args.Add($"--Auth:Users:{i}:PasswordHash={await HashAsync(users[i].Password)}");
            args.Add($"--Auth:Users:{i}:Role={users[i].Role}");
        }

        var process = await ServerProcess.StartAsync(directory.File("records.db"), null, [.. args]);
        return new ConsoleServer(directory, process, users.ToDictionary(u => u.Name, u => u.Password), [.. args]);
    }

    /// <summary>
    /// Stops the server as an operator does (SIGTERM, then it exits by itself) and starts it again
    /// on the same database, pipe and settings. The web port is a new one: use <see cref="BaseUrl"/> again.
    /// </summary>
    public async Task RestartAsync()
    {
        var old = Process;
        old.Terminate();
        Assert.Equal(0, await old.WaitForExitAsync(TimeSpan.FromSeconds(60)));
        await old.DisposeAsync();
        Process = await ServerProcess.StartAsync(old.DatabasePath, old.PipeName, _args);
    }

    public async ValueTask DisposeAsync()
    {
        await Process.DisposeAsync();
        _directory.Dispose();
    }

    private static async Task<string> HashAsync(string password)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardInput = true, RedirectStandardOutput = true, UseShellExecute = false };
        info.ArgumentList.Add(BuildOutput.ServerWebDll);
        info.ArgumentList.Add("hash-password");
        using var hasher = System.Diagnostics.Process.Start(info)!;
        await hasher.StandardInput.WriteLineAsync(password);
        hasher.StandardInput.Close();
        var hash = (await hasher.StandardOutput.ReadToEndAsync()).Trim();
        await hasher.WaitForExitAsync();
        Assert.Equal(0, hasher.ExitCode);
        return hash;
    }
}
