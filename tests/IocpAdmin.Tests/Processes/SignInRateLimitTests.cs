using System.Net;
using IocpAdmin.Tests.Infrastructure;

namespace IocpAdmin.Tests.Processes;

/// <summary>Password guessing from one address is slowed by the rate limiter; nothing else is.</summary>
public sealed class SignInRateLimitTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task SignInPosts_BeyondTheLimitPerMinute_Get429WithRetryAfter_WhileOtherRequestsAreServed()
    {
        await using var server = await ServerProcess.StartAsync(_directory.File("records.db"), null, "--Auth:SignInAttemptsPerMinute=3");
        using var http = ConsoleSignIn.Client(server.BaseUrl);

        var statuses = new List<HttpStatusCode>();
        for (var attempt = 0; attempt < 5; attempt++)
        {
            using var response = await ConsoleSignIn.PostAsync(http, "admin", "not-the-password");
            statuses.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                Assert.True(response.Headers.RetryAfter?.Delta is { } wait && wait > TimeSpan.Zero, "429 without Retry-After");
                Assert.Contains("Too many sign-in attempts", await response.Content.ReadAsStringAsync());
            }
            else
            {
                Assert.Contains(ConsoleSignIn.WrongNameOrPassword, await response.Content.ReadAsStringAsync());
            }
        }

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests], statuses);
        // The page itself, the health endpoint and the pipe are not limited.
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(new Uri("/account/login", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(new Uri("/healthz", UriKind.Relative))).StatusCode);
        Assert.Contains("Sign-in attempts from 127.0.0.1 are over the limit", server.Output, StringComparison.Ordinal);
    }
}
