using System.Reflection;

namespace IocpAdmin.Tests.Infrastructure;

/// <summary>
/// Where the built apps are: the same configuration as these tests, from the same repository. On
/// Windows (the Windows leg, under Wine) they are self-contained executables published beside the
/// tests, named by IOCPADMIN_SERVER_EXE and IOCPADMIN_CLI_EXE (tests/wine/run.sh sets both).
/// </summary>
public static class BuildOutput
{
    private static readonly Assembly s_self = typeof(BuildOutput).Assembly;

    public static string RepoRoot { get; } = Metadata("RepoRoot");

    public static string Configuration { get; } = Metadata("Configuration");

    public static string ServerWebDll => Path.Combine(RepoRoot, "Server.Web", "bin", Configuration, "net10.0", "Server.Web.dll");

    public static string ClientCliDll => Path.Combine(RepoRoot, "Client.Cli", "bin", Configuration, "net10.0", "Client.Cli.dll");

    /// <summary>How to start the server: <c>dotnet Server.Web.dll</c>, or the published executable on Windows.</summary>
    public static (string FileName, string[] Arguments) ServerCommand =>
        OperatingSystem.IsWindows() ? (Published("IOCPADMIN_SERVER_EXE"), []) : ("dotnet", [ServerWebDll]);

    /// <summary>How to start the command-line client, likewise.</summary>
    public static (string FileName, string[] Arguments) CliCommand =>
        OperatingSystem.IsWindows() ? (Published("IOCPADMIN_CLI_EXE"), []) : ("dotnet", [ClientCliDll]);

    private static string Published(string variable) =>
        Environment.GetEnvironmentVariable(variable) is { Length: > 0 } path && File.Exists(path)
            ? path
            : throw new InvalidOperationException($"{variable} does not name the published executable (tests/wine/run.sh sets it); it is '{Environment.GetEnvironmentVariable(variable)}'.");

    private static string Metadata(string key) =>
        s_self.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value
        ?? throw new InvalidOperationException($"The test assembly has no {key} metadata.");
}
