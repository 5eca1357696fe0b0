using System.Text.RegularExpressions;
using IocpAdmin.Tests.Infrastructure;

namespace IocpAdmin.Tests.Processes;

/// <summary>Every kind of response of the console carries the security headers.</summary>
public sealed partial class SecurityHeadersTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task Responses_OfPagesAssetsHubsAndHealth_CarryTheContentSecurityNosniffReferrerAndPermissionsPolicies()
    {
        await using var server = await ServerProcess.StartAsync(_directory.File("records.db"));
        using var handler = new HttpClientHandler { AllowAutoRedirect = false };
        using var http = new HttpClient(handler) { BaseAddress = server.BaseUrl };
        var requests = new (HttpMethod Method, string Path)[]
        {
            (HttpMethod.Get, "/account/login"),          // a page, anonymous
            (HttpMethod.Get, "/clients"),                // a page, redirected to sign-in
            (HttpMethod.Get, "/healthz"),
            (HttpMethod.Get, "/_framework/blazor.web.js"),
            (HttpMethod.Get, "/app.css"),
            (HttpMethod.Post, "/hubs/dashboard/negotiate?negotiateVersion=1"),
            (HttpMethod.Post, "/_blazor/negotiate?negotiateVersion=1"),
            (HttpMethod.Get, "/no-such-page"),
        };

        foreach (var (method, path) in requests)
        {
            using var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative));
            using var response = await http.SendAsync(request);
            var what = $"{method} {path} ({(int)response.StatusCode})";
            Assert.True(response.Headers.TryGetValues("X-Content-Type-Options", out var nosniff) && nosniff.Single() == "nosniff", what);
            Assert.True(response.Headers.TryGetValues("Referrer-Policy", out var referrer) && referrer.Single() == "same-origin", what);
            Assert.True(response.Headers.TryGetValues("Permissions-Policy", out var permissions) && permissions.Single().Contains("camera=()", StringComparison.Ordinal), what);
            Assert.True(response.Headers.TryGetValues("Content-Security-Policy", out var policies), what);
            var policy = string.Join("; ", policies);
            Assert.Single(policies);
            Assert.Matches("script-src 'self' 'nonce-[0-9A-F]{32}';", policy);
            Assert.Contains("object-src 'none'", policy, StringComparison.Ordinal);
            Assert.Contains("frame-ancestors 'self'", policy, StringComparison.Ordinal);
            Assert.DoesNotContain("unsafe-eval", policy, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Page_EveryInlineScriptCarriesThisResponsesNonce_AndNoncesDifferPerResponse()
    {
        await using var server = await ServerProcess.StartAsync(_directory.File("records.db"));
        using var http = new HttpClient { BaseAddress = server.BaseUrl };
        var nonces = new HashSet<string>();
        for (var i = 0; i < 2; i++)
        {
            using var response = await http.GetAsync(new Uri("/account/login", UriKind.Relative));
            var nonce = PolicyNonce().Match(response.Headers.GetValues("Content-Security-Policy").Single()).Groups[1].Value;
            var page = await response.Content.ReadAsStringAsync();

            var inline = InlineScript().Matches(page);
            Assert.NotEmpty(inline); // Blazor's import map
            Assert.All(inline, script => Assert.Contains($"nonce=\"{nonce}\"", script.Value, StringComparison.Ordinal));
            Assert.DoesNotContain(" on", string.Concat(InlineHandler().Matches(page).Select(m => m.Value)), StringComparison.Ordinal);
            nonces.Add(nonce);
        }

        Assert.Equal(2, nonces.Count);
    }

    [GeneratedRegex("'nonce-([^']+)'")]
    private static partial Regex PolicyNonce();

    // A script element without a src attribute: its body runs only with the nonce.
    [GeneratedRegex(@"<script(?![^>]*\ssrc=)[^>]*>")]
    private static partial Regex InlineScript();

    // onclick="..." and the like: never allowed by the policy, and none are rendered.
    [GeneratedRegex(@"<[^>]*\son[a-z]+=[^>]*>")]
    private static partial Regex InlineHandler();
}
