using System.Collections.Concurrent;
using System.Diagnostics;

namespace IocpAdmin.Tests.Infrastructure;

/// <summary>Runs the real command-line client as a process and captures what it prints.</summary>
public sealed record CliRun(int ExitCode, string Output, string Error, TimeSpan Elapsed)
{
    public static Task<CliRun> RunAsync(params string[] args) => RunAsync(TimeSpan.FromSeconds(60), args);

    /// <summary>Runs the CLI; past <paramref name="timeout"/> it is killed with its children (by PID) and the test fails.</summary>
    public static Task<CliRun> RunAsync(TimeSpan timeout, params string[] args) => Start(timeout, args).Completion;

    /// <summary>Starts the CLI and returns at once: the test can watch its standard error while it runs.</summary>
    public static Running Start(TimeSpan timeout, params string[] args) => new(timeout, args);

    /// <summary>A CLI process under way.</summary>
    public sealed class Running
    {
        private readonly ConcurrentQueue<string> _errorLines = new();
        private readonly CancellationTokenSource _stop = new();

        internal Running(TimeSpan timeout, string[] args)
        {
            var (fileName, prefix) = BuildOutput.CliCommand;
            var info = new ProcessStartInfo(fileName)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (var arg in prefix.Concat(args))
            {
                info.ArgumentList.Add(arg);
            }

            // Wide enough that no table or line is wrapped.
            info.Environment["COLUMNS"] = "200";
            var process = Process.Start(info)!;
            ProcessId = process.Id;
            Completion = RunAsync(process, timeout, args);
        }

        /// <summary>The CLI's process id, as the OS gives it (what the server sees of its client).</summary>
        public int ProcessId { get; }

        /// <summary>The finished run.</summary>
        public Task<CliRun> Completion { get; }

        /// <summary>Waits until the CLI has written a line to standard error that contains <paramref name="text"/>.</summary>
        public Task WaitForErrorAsync(string text, TimeSpan within) =>
            Eventually.TrueAsync(() => _errorLines.Any(line => line.Contains(text, StringComparison.Ordinal)) || Completion.IsCompleted,
                within, $"Client.Cli prints '{text}' on standard error");

        /// <summary>Ends a CLI left running on purpose (by its PID, with its children).</summary>
        public async Task KillAsync()
        {
            _stop.Cancel();
            try
            {
                await Completion;
            }
            catch (TimeoutException)
            {
                // Killed as asked.
            }
        }

        private async Task<CliRun> RunAsync(Process process, TimeSpan timeout, string[] args)
        {
            using var owned = process;
            var started = Stopwatch.StartNew();
            var output = process.StandardOutput.ReadToEndAsync();
            var error = ReadErrorAsync(process.StandardError);
            using var limit = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
            limit.CancelAfter(timeout);
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

        private async Task<string> ReadErrorAsync(StreamReader reader)
        {
            var all = new System.Text.StringBuilder();
            while (await reader.ReadLineAsync() is { } line)
            {
                _errorLines.Enqueue(line);
                all.AppendLine(line);
            }

            return all.ToString();
        }
    }
}
