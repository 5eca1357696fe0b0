using System.Globalization;
using System.Threading.RateLimiting;
using IocpAdmin.Web.Diagnostics;
using Microsoft.AspNetCore.RateLimiting;

namespace IocpAdmin.Web.Security;

/// <summary>
/// Sign-in attempts are rate-limited per client address (ASP.NET Core's rate limiter, a sliding
/// window): password guessing from one address is slowed to <c>Auth:SignInAttemptsPerMinute</c>,
/// while every other page, the hub and the health endpoint are never limited.
/// </summary>
internal static class SignInRateLimiting
{
    public static IServiceCollection AddSignInRateLimiting(this IServiceCollection services, IConfiguration configuration)
    {
        var perMinute = configuration.GetSection(ConsoleAuthOptions.SectionName)
            .GetValue(nameof(ConsoleAuthOptions.SignInAttemptsPerMinute), new ConsoleAuthOptions().SignInAttemptsPerMinute);
        services.AddRateLimiter(options =>
        {
            options.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
                IsSignInAttempt(context.Request)
                    ? RateLimitPartition.GetSlidingWindowLimiter(
                        context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                        _ => new SlidingWindowRateLimiterOptions
                        {
                            PermitLimit = Math.Max(1, perMinute),
                            Window = TimeSpan.FromMinutes(1),
                            SegmentsPerWindow = 6,
                            QueueLimit = 0,
                        })
                    : RateLimitPartition.GetNoLimiter(string.Empty));
            options.OnRejected = OnRejectedAsync;
        });
        return services;
    }

    private static bool IsSignInAttempt(HttpRequest request) =>
        HttpMethods.IsPost(request.Method) && request.Path.StartsWithSegments("/account/login", StringComparison.OrdinalIgnoreCase);

    private static async ValueTask OnRejectedAsync(OnRejectedContext context, CancellationToken cancellationToken)
    {
        var response = context.HttpContext.Response;
        var seconds = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter)
            ? Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds))
            : 60;
        var from = context.HttpContext.Connection.RemoteIpAddress?.ToString() ?? "unknown address";
        var logger = context.HttpContext.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(SignInRateLimiting));
        Log.SignInThrottled(logger, from, seconds);
        response.StatusCode = StatusCodes.Status429TooManyRequests;
        response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        var message = $"Too many sign-in attempts from this address. Try again in {seconds} seconds.";
        if (!context.HttpContext.Request.Headers.Accept.ToString().Contains("text/html", StringComparison.OrdinalIgnoreCase))
        {
            response.ContentType = "text/plain; charset=utf-8";
            await response.WriteAsync(message, cancellationToken);
            return;
        }

        // A browser gets a page in the console's look (and its remembered palette) with the way back.
        response.ContentType = "text/html; charset=utf-8";
        var dark = Components.Layout.ThemeCookie.Read(context.HttpContext) == true;
        await response.WriteAsync(TooManyPage(message, seconds, dark), cancellationToken);
    }

    /// <summary>Self-contained (no script, so the Content-Security-Policy holds; styles inline).</summary>
    private static string TooManyPage(string message, int seconds, bool dark)
    {
        var (background, surface, text, accent) = dark
            ? ("#32333d", "#373740", "rgba(255,255,255,0.85)", "#64b5f6")
            : ("#f5f5f5", "#ffffff", "rgba(0,0,0,0.87)", "#1565c0");
        var until = DateTime.UtcNow.AddSeconds(seconds).ToString("HH:mm:ss", CultureInfo.InvariantCulture);
        return $$"""
            <!DOCTYPE html>
            <html lang="en" data-theme="{{(dark ? "dark" : "light")}}">
            <head>
            <meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <title>Too many sign-in attempts · IocpAdmin</title>
            <style>
            body { margin: 0; min-height: 100vh; display: flex; align-items: center; justify-content: center; background: {{background}}; color: {{text}};
                   font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
            main { background: {{surface}}; padding: 2rem 2.5rem; border-radius: 8px; box-shadow: 0 2px 8px rgba(0,0,0,0.2); max-width: 28rem; }
            h1 { font-size: 1.5rem; font-weight: 500; margin: 0 0 1rem; }
            a { color: {{accent}}; }
            </style>
            </head>
            <body>
            <main>
            <h1>Too many sign-in attempts</h1>
            <p data-testid="too-many-message">{{message}}</p>
            <p>You can try again at {{until}} UTC. Attempts are limited per address, so password guessing is slowed; the rest of the console is not limited.</p>
            <p><a href="/account/login" data-testid="too-many-back">Back to sign-in</a></p>
            </main>
            </body>
            </html>
            """;
    }
}
