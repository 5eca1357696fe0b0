using IocpAdmin.Cli.Connection;

namespace IocpAdmin.Cli.Bench;

/// <summary>Finds the built server for <c>compare</c>: beside the CLI in the same repository and configuration.</summary>
internal static class ServerLocator
{
    public static string Find(string? given)
    {
        if (given is not null)
        {
            var full = Path.GetFullPath(given);
            return File.Exists(full) ? full : throw new CliException($"--server: no file at '{full}' (give Server.Web.dll or the Server.Web executable)");
        }

        // The CLI runs from <repo>/Client.Cli/bin/<Configuration>/<tfm>/: look for the server's output in the same place.
        var cliFolder = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var tfm = cliFolder.Name;
        var configuration = cliFolder.Parent?.Name;
        for (var folder = cliFolder; folder is not null; folder = folder.Parent)
        {
            if (!File.Exists(Path.Combine(folder.FullName, "IocpAdmin.sln")))
            {
                continue;
            }

            foreach (var candidate in new[] { configuration, "Release", "Debug" }.Distinct())
            {
                var path = Path.Combine(folder.FullName, "Server.Web", "bin", candidate ?? "Release", tfm, "Server.Web.dll");
                if (File.Exists(path))
                {
                    return path;
                }
            }

            throw new CliException(
                $"Server.Web is not built in '{folder.FullName}': run 'dotnet build IocpAdmin.sln -c Release' first, or pass --server PATH");
        }

        throw new CliException("cannot find Server.Web next to this CLI: pass --server PATH (Server.Web.dll or the Server.Web executable)");
    }
}
