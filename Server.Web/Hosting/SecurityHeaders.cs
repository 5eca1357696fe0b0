using System.Security.Cryptography;

namespace IocpAdmin.Web.Hosting;

/// <summary>
/// Headers every response carries, as OWASP's secure-headers guidance and ASP.NET Core's for a
/// Blazor Server app give them (pages, static assets, the hubs and /healthz alike).
/// </summary>
internal static class SecurityHeaders
{
    // The console uses none of these browser features: a script injected into it could not either.
    public const string PermissionsPolicy =
        "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), payment=(), usb=()";

    private const string NonceKey = "IocpAdmin.CspNonce";

    /// <summary>
    /// The Content-Security-Policy. Scripts: files from this site only, plus the one inline script a
    /// page has, Blazor's import map, which carries this response's nonce; no eval, no inline
    /// handlers. Styles: this site's files, and inline styles, which MudBlazor's components and its
    /// theme are made of (a style cannot run code; the risk left is an injected style restyling a
    /// page). Connections (the circuit's WebSocket, the hub): this site only. No plugins, no other
    /// base URL, forms post only here, framed only by this site.
    /// </summary>
    public static string ContentSecurityPolicy(string nonce) =>
        $"default-src 'self'; script-src 'self' 'nonce-{nonce}'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
        "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'self'";

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        // Hex, not base64: nothing in it for HTML to escape.
        var nonce = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
        context.Items[NonceKey] = nonce;
        var headers = context.Response.Headers;
        headers.ContentSecurityPolicy = ContentSecurityPolicy(nonce);
        // Browsers take a response for the type it says it is, never a guess (a text answer as script).
        headers.XContentTypeOptions = "nosniff";
        // Another site learns nothing of the console's URLs (record ids, filters) from a link's Referer.
        headers["Referrer-Policy"] = "same-origin";
        headers["Permissions-Policy"] = PermissionsPolicy;
        return next(context);
    });

    /// <summary>This response's script nonce, for the page's one inline script (the import map).</summary>
    public static string NonceOf(HttpContext context) =>
        context.Items[NonceKey] as string ?? throw new InvalidOperationException("UseSecurityHeaders must run before the page renders");
}
