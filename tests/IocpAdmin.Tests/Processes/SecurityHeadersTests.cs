using IocpAdmin.Tests.Infrastructure;

namespace IocpAdmin.Tests.Processes;

/// <summary>Every kind of response of the console carries the security headers.</summary>
public sealed class SecurityHeadersTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task Responses_OfPagesAssetsHubsAndHealth_CarryNosniffReferrerAndPermissionsPolicies()
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
        }
    }
}
