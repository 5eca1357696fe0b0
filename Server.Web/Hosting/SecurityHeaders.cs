namespace IocpAdmin.Web.Hosting;

/// <summary>
/// Headers every response carries, as OWASP's secure-headers guidance gives them for an app like
/// this one (pages, static assets, the hubs and /healthz alike). Blazor adds its own
/// <c>frame-ancestors 'self'</c> policy to pages.
/// </summary>
internal static class SecurityHeaders
{
    // The console uses none of these browser features: a script injected into it could not either.
    public const string PermissionsPolicy =
        "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), payment=(), usb=()";

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        var headers = context.Response.Headers;
        // Browsers take a response for the type it says it is, never a guess (a text answer as script).
        headers.XContentTypeOptions = "nosniff";
        // Another site learns nothing of the console's URLs (record ids, filters) from a link's Referer.
        headers["Referrer-Policy"] = "same-origin";
        headers["Permissions-Policy"] = PermissionsPolicy;
        return next(context);
    });
}
