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
        response.ContentType = "text/plain; charset=utf-8";
        await response.WriteAsync(
            $"Too many sign-in attempts from this address. Try again in {seconds} seconds.", cancellationToken);
    }
}
