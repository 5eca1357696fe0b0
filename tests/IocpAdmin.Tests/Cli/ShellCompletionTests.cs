using System.Diagnostics;
using System.Text.RegularExpressions;
using IocpAdmin.Tests.Infrastructure;

namespace IocpAdmin.Tests.Cli;

/// <summary>Shell completion: what the real CLI offers for a half-typed line, and its bash script driven by a real bash.</summary>
public sealed partial class ShellCompletionTests
{
    [Theory]
    [InlineData("cl", "clients")]
    [InlineData("clients k", "kill")]
    [InlineData("clients kill --quarantine-s", "--quarantine-scope")]
    [InlineData("clients kill --quarantine-scope ", "process user")]
    [InlineData("bench --op m", "mixed")]
    [InlineData("admission ", "drain maintenance ready")]
    [InlineData("completion p", "powershell")]
    [InlineData("get --p", "--pipe")]
    [InlineData("slowlog --re", "--reset")]
    [InlineData("nosuch ", "")]
    public async Task TheCli_OffersWhatMayComeNext(string line, string expected)
    {
        var words = line.Split(' ');
        var run = await CliRun.RunAsync(["__complete", .. words]);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(expected, string.Join(' ', run.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)));
    }

    [Fact]
    public async Task EveryCommandTheHelpLists_IsCompleted()
    {
        var help = await CliRun.RunAsync("--help");
        var listed = CommandLine().Matches(help.Output[help.Output.IndexOf("COMMANDS:", StringComparison.Ordinal)..]).Select(m => m.Groups[1].Value).ToList();
        Assert.Contains("support-bundle", listed);

        var offered = (await CliRun.RunAsync("__complete", "")).Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal(listed.Order(StringComparer.Ordinal), offered);
        var branch = (await CliRun.RunAsync("clients", "--help")).Output;
        var subcommands = CommandLine().Matches(branch[branch.IndexOf("COMMANDS:", StringComparison.Ordinal)..]).Select(m => m.Groups[1].Value).Order(StringComparer.Ordinal);
        Assert.Equal(subcommands, (await CliRun.RunAsync("__complete", "clients", "")).Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
    }

    [Fact]
    public async Task TheBashScript_InARealBash_CompletesACommandAndAnOptionValue()
    {
        Assert.SkipWhen(OperatingSystem.IsWindows() || !File.Exists("/bin/bash"), "bash runs on Linux");
        var script = (await CliRun.RunAsync("completion", "bash")).Output;
        var (fileName, prefix) = BuildOutput.CliCommand;
        var directory = Path.Combine(Path.GetTempPath(), "iocpadmin-completion-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        try
        {
            // The script calls the program by its name: a wrapper of that name on PATH runs this build.
            var name = Regex.Match(script, @"complete -o default -F \S+ (\S+)").Groups[1].Value;
            var wrapper = Path.Combine(directory, name);
            await File.WriteAllTextAsync(wrapper, $"#!/bin/bash\nexec '{fileName}' {string.Join(' ', prefix.Select(p => $"'{p}'"))} \"$@\"\n");
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(wrapper, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }
            await File.WriteAllTextAsync(Path.Combine(directory, "complete.sh"), script);
            var function = "_" + name.Replace('.', '_');
            var probe = $$"""
                source '{{directory}}/complete.sh'
                COMP_WORDS=({{name}} cl); COMP_CWORD=1; {{function}}; echo "1:${COMPREPLY[*]}"
                COMP_WORDS=({{name}} clients kill --quarantine-scope u); COMP_CWORD=4; {{function}}; echo "2:${COMPREPLY[*]}"
                """;
            var info = new ProcessStartInfo("/bin/bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            info.ArgumentList.Add("-c");
            info.ArgumentList.Add(probe);
            info.Environment["PATH"] = directory + ":" + Environment.GetEnvironmentVariable("PATH");
            using var bash = Process.Start(info)!;
            var output = await bash.StandardOutput.ReadToEndAsync();
            await bash.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromMinutes(1)).Token);

            Assert.Contains("1:clients", output, StringComparison.Ordinal);
            Assert.Contains("2:user", output, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [GeneratedRegex(@"^ {4}(\S+)", RegexOptions.Multiline)]
    private static partial Regex CommandLine();
}
