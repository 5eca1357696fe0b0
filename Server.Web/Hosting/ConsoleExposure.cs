using System.Net;

namespace IocpAdmin.Web.Hosting;

/// <summary>
/// Whether the console is served over plain HTTP to other machines, where a sign-in's password and
/// cookie would cross the network in clear text. That is refused at start unless HTTPS serves it, or
/// <c>Console:AllowInsecureRemote=true</c> says someone decided so (a TLS proxy in front, a private
/// network): then a warning at every start and a banner on every page say it.
/// </summary>
public sealed class ConsoleExposure
{
    public const string AllowInsecureRemoteSetting = "Console:AllowInsecureRemote";

    private ConsoleExposure(IReadOnlyList<string> insecureRemote, bool allowed)
    {
        InsecureRemoteUrls = insecureRemote;
        Allowed = allowed;
    }

    /// <summary>The configured http:// addresses that other machines can reach.</summary>
    public IReadOnlyList<string> InsecureRemoteUrls { get; }

    /// <summary><see cref="AllowInsecureRemoteSetting"/> is true.</summary>
    public bool Allowed { get; }

    /// <summary>Pages show the banner: plain HTTP reaches other machines, by choice.</summary>
    public bool InsecureRemote => InsecureRemoteUrls.Count > 0;

    /// <summary>
    /// Reads where the web app will listen: <c>Kestrel:Endpoints:*:Url</c> if any, else <c>Urls</c>
    /// (also <c>--urls</c> and <c>ASPNETCORE_URLS</c>) and <c>HTTP_PORTS</c> (every interface).
    /// </summary>
    public static ConsoleExposure Of(IConfiguration configuration)
    {
        // Kestrel's own endpoints, when any are configured, replace Urls and HTTP_PORTS.
        var urls = configuration.GetSection("Kestrel:Endpoints").GetChildren()
            .Select(static endpoint => endpoint["Url"]).OfType<string>().ToList();
        if (urls.Count == 0)
        {
            urls.AddRange(Split(configuration["urls"]));
            urls.AddRange(Split(configuration["http_ports"]).Select(static port => $"http://*:{port}"));
        }

        var insecure = urls.Where(static url => url.StartsWith("http://", StringComparison.OrdinalIgnoreCase) && !IsLoopback(url)).ToList();
        return new ConsoleExposure(insecure, configuration.GetValue<bool>(AllowInsecureRemoteSetting));
    }

    /// <summary>The refusal, or null when the start may go on.</summary>
    public string? Refusal() => InsecureRemote && !Allowed
        ? $"{InsecureRemoteUrls[0]} would serve the console over plain HTTP to other machines: sign-in passwords and cookies " +
          $"would cross the network unencrypted. Listen on https:// with a certificate (Kestrel:Certificates:Default:Path), " +
          $"or on 127.0.0.1 behind a TLS proxy, or set {AllowInsecureRemoteSetting}=true to accept the risk"
        : null;

    private static string[] Split(string? value) =>
        (value ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static bool IsLoopback(string url)
    {
        // "http://+:80", "http://*:80" and "http://0.0.0.0:80" are every interface; Uri rejects the first two.
        var rest = url["http://".Length..];
        var host = rest.StartsWith('[') ? rest[..(rest.IndexOf(']', StringComparison.Ordinal) + 1)] : rest.Split(':', '/')[0];
        if (host.Equals("localhost", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        return IPAddress.TryParse(host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address);
    }
}
