using System.Collections.Concurrent;
using System.Diagnostics;
using System.IO.Pipes;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.RegularExpressions;
using IocpAdmin.Protocol;

namespace IocpAdmin.Tests.Infrastructure;

/// <summary>
/// The real Server.Web process, started as the README starts it: loopback on a free port, a
/// unique pipe, a SQLite file in a temp folder. Kept by PID; ended by signal or SIGKILL (on
/// Windows: the published executable, ended by TerminateProcess).
/// </summary>
public sealed partial class ServerProcess : IAsyncDisposable
{
    private static readonly TimeSpan s_startTimeout = TimeSpan.FromSeconds(60);
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();
    private readonly TaskCompletionSource<string> _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private ServerProcess(Process process, string pipeName, string databasePath, string healthToken)
    {
        _process = process;
        HealthToken = healthToken;
        PipeName = pipeName;
        DatabasePath = databasePath;
    }

    public string PipeName { get; }

    public string DatabasePath { get; }

    public int Pid => _process.Id;

    public Uri BaseUrl { get; private set; } = null!;

    /// <summary>
    /// The server's <c>Auth:HealthToken</c>, random per process (given in its environment, not its
    /// arguments): <see cref="HealthAsync"/> reads <c>/healthz</c>'s details with it.
    /// </summary>
    public string HealthToken { get; }

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    public string Output => string.Join('\n', _output);

    /// <summary>Starts the server and waits until its web port and its pipe are both open.</summary>
    public static async Task<ServerProcess> StartAsync(string databasePath, string? pipeName = null, params string[] extraArgs)
    {
        var server = Launch(databasePath, pipeName ?? TestNames.Pipe(), extraArgs);
        try
        {
            await server.WaitUntilServingAsync();
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>Starts the server without waiting: for tests of failed starts.</summary>
    public static ServerProcess Launch(string databasePath, string pipeName, params string[] extraArgs)
    {
        var (fileName, prefix) = BuildOutput.ServerCommand;
        var info = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(databasePath)!,
        };
        foreach (var arg in prefix)
        {
            info.ArgumentList.Add(arg);
        }

        var healthToken = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
        info.Environment["Auth__HealthToken"] = healthToken;
        info.ArgumentList.Add("--urls");
        info.ArgumentList.Add("http://127.0.0.1:0");
        info.ArgumentList.Add($"--Engine:PipeName={pipeName}");
        info.ArgumentList.Add($"--ConnectionStrings:Records=Data Source={databasePath}");
        foreach (var arg in extraArgs)
        {
            info.ArgumentList.Add(arg);
        }

        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var server = new ServerProcess(process, pipeName, databasePath, healthToken);
        process.OutputDataReceived += (_, e) => server.OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => server.OnLine(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return server;
    }

    /// <summary><c>/healthz</c> with its details (read with the health token), whatever its HTTP status.</summary>
    public async Task<JsonElement> HealthAsync(CancellationToken cancellationToken = default)
    {
        using var http = new HttpClient { BaseAddress = BaseUrl, Timeout = TimeSpan.FromSeconds(30) };
        using var request = new HttpRequestMessage(HttpMethod.Get, "/healthz");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", HealthToken);
        using var response = await http.SendAsync(request, cancellationToken);
        return await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
    }

    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(cancel.Token);
        return _process.ExitCode;
    }

    /// <summary>SIGKILL (TerminateProcess on Windows): no shutdown code runs.</summary>
    public async Task KillAsync()
    {
        _process.Kill();
        await _process.WaitForExitAsync();
    }

    public void Terminate() => Signals.Send(Pid, Signals.Terminate);

    /// <summary>Threads of the server process now, from /proc.</summary>
    public int ThreadCount() => Directory.GetDirectories($"/proc/{Pid}/task").Length;

    /// <summary>Names of the server's threads now (Linux truncates them to 15 characters).</summary>
    public IReadOnlyList<string> ThreadNames() =>
        Directory.GetDirectories($"/proc/{Pid}/task").Select(task => ReadOrEmpty(Path.Combine(task, "comm")).Trim()).ToList();

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            await _process.WaitForExitAsync();
            // A killed server leaves its socket file (its next start would replace it). Killed here,
            // at the end of a test, it has no next start: remove the file rather than litter the temp
            // folder. A test that kills it itself (KillAsync) keeps the file, to test exactly that.
            if (!OperatingSystem.IsWindows())
            {
                File.Delete(PipeAddress.UnixSocketPathOf(PipeName));
            }
        }

        _process.Dispose();
    }

    /// <summary>The server's resident memory now (VmRSS), in bytes.</summary>
    public long ResidentBytes()
    {
        foreach (var line in File.ReadLines($"/proc/{Pid}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                return long.Parse(line.AsSpan(6).Trim().TrimEnd("kB").Trim(), System.Globalization.CultureInfo.InvariantCulture) * 1024;
            }
        }

        throw new InvalidOperationException($"/proc/{Pid}/status has no VmRSS line");
    }

    /// <summary>File descriptors the server holds open now, from /proc.</summary>
    public int OpenHandles() => Directory.GetFiles($"/proc/{Pid}/fd").Length;

    private async Task WaitUntilServingAsync()
    {
        var exited = _process.WaitForExitAsync();
        var first = await Task.WhenAny(_listening.Task, exited, Task.Delay(s_startTimeout));
        if (first != _listening.Task)
        {
            throw new InvalidOperationException($"The server did not start (exited: {_process.HasExited}). Output:\n{Output}");
        }

        BaseUrl = new Uri(await _listening.Task);
        var address = PipeAddress.Of(PipeName);
        await Eventually.TrueAsync(() => Accepts(PipeName), s_startTimeout, $"the server's pipe {address} accepts a connection");
    }

    private static bool Accepts(string pipeName)
    {
        if (OperatingSystem.IsWindows())
        {
            using var pipe = new NamedPipeClientStream(".", pipeName, PipeDirection.InOut);
            try
            {
                pipe.Connect(100);
                return true;
            }
            catch (TimeoutException)
            {
                return false;
            }
            catch (IOException)
            {
                return false;
            }
        }

        using var probe = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            probe.Connect(new UnixDomainSocketEndPoint(PipeAddress.UnixSocketPathOf(pipeName)));
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private void OnLine(string? line)
    {
        if (line is null)
        {
            return;
        }

        _output.Enqueue(line);
        var match = ListeningLine().Match(line);
        if (match.Success)
        {
            _listening.TrySetResult(match.Groups[1].Value);
        }
    }

    private static string ReadOrEmpty(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (IOException)
        {
            return string.Empty;
        }
    }

    [GeneratedRegex(@"Now listening on: (http://\S+)")]
    private static partial Regex ListeningLine();
}
