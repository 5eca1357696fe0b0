using System.Reflection;

namespace IocpAdmin.Tests.Infrastructure;

/// <summary>Where the built apps are: the same configuration as these tests, from the same repository.</summary>
public static class BuildOutput
{
    private static readonly Assembly s_self = typeof(BuildOutput).Assembly;

    public static string RepoRoot { get; } = Metadata("RepoRoot");

    public static string Configuration { get; } = Metadata("Configuration");

    public static string ServerWebDll => Path.Combine(RepoRoot, "Server.Web", "bin", Configuration, "net10.0", "Server.Web.dll");

    public static string ClientCliDll => Path.Combine(RepoRoot, "Client.Cli", "bin", Configuration, "net10.0", "Client.Cli.dll");

    private static string Metadata(string key) =>
        s_self.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value
        ?? throw new InvalidOperationException($"The test assembly has no {key} metadata.");
}
