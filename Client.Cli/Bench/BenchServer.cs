using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.RegularExpressions;
using IocpAdmin.Cli.Connection;
using IocpAdmin.Protocol;

namespace IocpAdmin.Cli.Bench;

/// <summary>
/// A Server.Web process that <c>compare</c> starts for one engine: web on a free loopback port,
/// its own pipe, a fresh SQLite file in its own temp folder. Kept by PID and killed at the end:
/// the database is thrown away with the folder.
/// </summary>
internal sealed partial class BenchServer : IAsyncDisposable
{
    private static readonly TimeSpan s_startTimeout = TimeSpan.FromSeconds(60);
    private readonly ConcurrentQueue<string> _output = new();
    private readonly TaskCompletionSource<Uri> _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly string _folder;
    private readonly bool _keepFolder;

    private BenchServer(Process process, string folder, string pipeName, bool keepFolder)
    {
        Process = process;
        _folder = folder;
        PipeName = pipeName;
        _keepFolder = keepFolder;
    }

    public Process Process { get; }

    public string PipeName { get; }

    public Uri BaseUrl { get; private set; } = null!;

    public string Folder => _folder;

    public static async Task<BenchServer> StartAsync(string serverPath, string pipeName, IEnumerable<string> settings, bool keepFolder, CancellationToken cancellationToken)
    {
        var folder = Path.Combine(Path.GetTempPath(), $"iocpadmin-compare-{Environment.ProcessId}-{Guid.NewGuid():N}"[..40]);
        Directory.CreateDirectory(folder);
        var isDll = serverPath.EndsWith(".dll", StringComparison.OrdinalIgnoreCase);
        var info = new ProcessStartInfo(isDll ? "dotnet" : serverPath)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = folder,
        };
        if (isDll)
        {
            info.ArgumentList.Add(serverPath);
        }

        foreach (var argument in (string[])[
            "--urls", "http://127.0.0.1:0",
            $"--Engine:PipeName={pipeName}",
            $"--ConnectionStrings:Records=Data Source={Path.Combine(folder, "records.db")}",
            "--Logging:LogLevel:Default=Warning",
            "--Logging:LogLevel:Microsoft.Hosting.Lifetime=Information",
            .. settings])
        {
            info.ArgumentList.Add(argument);
        }

        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var server = new BenchServer(process, folder, pipeName, keepFolder);
        process.OutputDataReceived += (_, e) => server.OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => server.OnLine(e.Data);
        try
        {
            process.Start();
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            await server.WaitUntilServingAsync(cancellationToken);
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!Process.HasExited)
            {
                Process.Kill();
                await Process.WaitForExitAsync();
                if (!OperatingSystem.IsWindows())
                {
                    // A killed server leaves its socket file; this one's pipe is never used again.
                    File.Delete(PipeAddress.UnixSocketPathOf(PipeName));
                }
            }
        }
        catch (InvalidOperationException)
        {
            // Never started: nothing to end.
        }

        Process.Dispose();
        if (!_keepFolder)
        {
            try
            {
                Directory.Delete(_folder, recursive: true);
            }
            catch (IOException)
            {
                // A file still held open a moment after the kill; the temp folder is the OS's to clean.
            }
        }
    }

    private async Task WaitUntilServingAsync(CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(s_startTimeout);
        var exited = Process.WaitForExitAsync(deadline.Token);
        var first = await Task.WhenAny(_listening.Task, exited);
        if (first != _listening.Task || !_listening.Task.IsCompletedSuccessfully)
        {
            throw new CliException($"the server did not start ({(Process.HasExited ? $"exit code {Process.ExitCode}" : "no answer within 60 s")}). Its last output:\n{Tail()}");
        }

        BaseUrl = await _listening.Task;

        // The first request to a fresh host pays for JIT and routing setup: not what a probe during load should measure.
        using (var http = new HttpClient())
        {
            using var warmUp = await http.GetAsync(new Uri(BaseUrl, "/healthz"), deadline.Token);
        }

        while (true)
        {
            try
            {
                await BenchSeed.CheckServerAsync(PipeName, TimeSpan.FromSeconds(1), deadline.Token);
                return;
            }
            catch (Exception ex) when (ex is TimeoutException or IOException && !deadline.IsCancellationRequested)
            {
                await Task.Delay(50, deadline.Token);
            }
        }
    }

    private string Tail() => string.Join('\n', _output.TakeLast(30));

    private void OnLine(string? line)
    {
        if (line is null)
        {
            return;
        }

        _output.Enqueue(line);
        while (_output.Count > 200)
        {
            _output.TryDequeue(out _);
        }

        var match = ListeningLine().Match(line);
        if (match.Success)
        {
            _listening.TrySetResult(new Uri(match.Groups[1].Value));
        }
    }

    [GeneratedRegex(@"Now listening on: (http://\S+)")]
    private static partial Regex ListeningLine();
}
