using System.Net;
using System.Text.RegularExpressions;
using IocpAdmin.Tests.Infrastructure;

namespace IocpAdmin.Tests.Processes;

/// <summary>Password guessing from one address is slowed by the rate limiter; nothing else is.</summary>
public sealed partial class SignInRateLimitTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task SignInPosts_BeyondTheLimitPerMinute_Get429WithRetryAfter_WhileOtherRequestsAreServed()
    {
        await using var server = await ServerProcess.StartAsync(_directory.File("records.db"), null, "--Auth:SignInAttemptsPerMinute=3");
        using var handler = new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false };
        using var http = new HttpClient(handler) { BaseAddress = server.BaseUrl };

        var statuses = new List<HttpStatusCode>();
        for (var attempt = 0; attempt < 5; attempt++)
        {
            using var response = await PostWrongPasswordAsync(http);
            statuses.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                Assert.True(response.Headers.RetryAfter?.Delta is { } wait && wait > TimeSpan.Zero, "429 without Retry-After");
                Assert.Contains("Too many sign-in attempts", await response.Content.ReadAsStringAsync());
            }
            else
            {
                Assert.Contains("Wrong user name or password", await response.Content.ReadAsStringAsync());
            }
        }

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests], statuses);
        // The page itself, the health endpoint and the pipe are not limited.
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(new Uri("/account/login", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(new Uri("/healthz", UriKind.Relative))).StatusCode);
        Assert.Contains("Sign-in attempts from 127.0.0.1 are over the limit", server.Output, StringComparison.Ordinal);
    }

    private static async Task<HttpResponseMessage> PostWrongPasswordAsync(HttpClient http)
    {
        var page = await http.GetStringAsync(new Uri("/account/login", UriKind.Relative));
        var token = AntiForgeryToken().Match(page);
        Assert.True(token.Success, "the sign-in form carries an anti-forgery token");
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "sign-in",
            ["__RequestVerificationToken"] = WebUtility.HtmlDecode(token.Groups[1].Value),
            ["Input.UserName"] = "admin",
            ["Input.Password"] = "not-the-password",
        });
        return await http.PostAsync(new Uri("/account/login", UriKind.Relative), form);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex AntiForgeryToken();
}
