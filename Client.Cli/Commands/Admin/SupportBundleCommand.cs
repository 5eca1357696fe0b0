using System.ComponentModel;
using System.IO.Compression;
using IocpAdmin.Cli.Connection;
using Spectre.Console;
using Spectre.Console.Cli;

namespace IocpAdmin.Cli.Commands.Admin;

[Description("Download a support bundle: one zip with the Overview's figures, where the time goes and the whole slow log, 24 hours of history, the connected and recently closed clients, the newest audit entries, and the configuration with its secrets removed. Operator token.")]
internal sealed class SupportBundleCommand(IAnsiConsole console) : AdminCommand<SupportBundleCommand.Settings>(console)
{
    internal sealed class Settings : ConsoleSettings
    {
        [CommandOption("-o|--output <FILE>")]
        [Description("Where to write the zip (default: iocpadmin-support-<time>.zip here).")]
        public string? Output { get; set; }

        [CommandOption("--force")]
        [Description("Replace the file if it exists.")]
        public bool Force { get; set; }
    }

    protected override async Task<int> RunAsync(ConsoleApi api, Settings settings, CancellationToken cancellationToken)
    {
        var path = Path.GetFullPath(settings.Output ?? $"iocpadmin-support-{DateTime.UtcNow:yyyyMMdd-HHmmss}.zip");
        if (File.Exists(path) && !settings.Force)
        {
            throw new CliException($"{path} exists: give another --output, or --force to replace it", ExitCodes.Usage);
        }

        var bytes = await api.DownloadAsync("api/v1/support-bundle", cancellationToken);
        try
        {
            // CreateNew: a file that appeared meanwhile is not replaced either.
            await using var file = new FileStream(path, settings.Force ? FileMode.Create : FileMode.CreateNew, FileAccess.Write);
            await file.WriteAsync(bytes, cancellationToken);
        }
        catch (IOException) when (File.Exists(path) && !settings.Force)
        {
            throw new CliException($"{path} exists: give another --output, or --force to replace it", ExitCodes.Usage);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new CliException($"cannot write {path}: {ex.Message}", ExitCodes.Failure);
        }

        using var zip = ZipFile.OpenRead(path);
        if (settings.Json)
        {
            WriteJson(new System.Text.Json.Nodes.JsonObject
            {
                ["path"] = path,
                ["bytes"] = bytes.Length,
                ["files"] = new System.Text.Json.Nodes.JsonArray(zip.Entries.Select(e => (System.Text.Json.Nodes.JsonNode)e.FullName).ToArray()),
            });
            return ExitCodes.Success;
        }

        Console.MarkupLine($"Wrote [bold]{Markup.Escape(path)}[/] ({bytes.Length:N0} bytes): {Markup.Escape(string.Join(", ", zip.Entries.Select(e => e.FullName)))}");
        return ExitCodes.Success;
    }
}
