using System.Globalization;
using System.Security.Claims;
using System.Text.Encodings.Web;
using IocpAdmin.Web.Data;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace IocpAdmin.Web.Security;

/// <summary>
/// The HTTP API's authentication: <c>Authorization: Bearer iocp_…</c>, looked up by its hash. The API
/// takes no cookie (so a page elsewhere cannot make a signed-in browser call it), and the console's
/// pages take no token. A missing or unknown token gets 401 with <c>WWW-Authenticate: Bearer</c>; a
/// revoked one, or one whose maker is gone or lost its role, too, and its use is audited.
/// </summary>
internal sealed class ApiTokenAuthentication(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    ApiTokens tokens,
    AuditLog audit) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiToken";
    public const string TokenIdClaim = "token_id";

    public static int? TokenIdOf(ClaimsPrincipal? user) =>
        user?.FindFirst(TokenIdClaim)?.Value is { } id && int.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : null;

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return AuthenticateResult.NoResult();
        }

        var secret = header["Bearer ".Length..].Trim();
        var token = await tokens.FindAsync(secret, Context.RequestAborted);
        if (token is null)
        {
            return AuthenticateResult.Fail("unknown token");
        }

        // Revoked, or its maker removed or demoted: refused for reading too, not only for acting.
        if (await tokens.ProblemAsync(token.Id, token.Role, Context.RequestAborted) is { } problem)
        {
            await audit.RecordAsync(token.PrincipalName, AuditActions.ApiCall, $"{Request.Method} {Request.Path}", $"refused: {problem}", succeeded: false);
            return AuthenticateResult.Fail(problem);
        }

        var identity = new ClaimsIdentity(
            [
                new Claim(ClaimTypes.Name, token.PrincipalName),
                new Claim(ClaimTypes.Role, token.Role),
                new Claim(TokenIdClaim, token.Id.ToString(CultureInfo.InvariantCulture)),
            ],
            SchemeName, ClaimTypes.Name, ClaimTypes.Role);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Bearer";
        return Response.WriteAsJsonAsync(new { title = "A valid API token is required: Authorization: Bearer iocp_…", status = 401 });
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status403Forbidden;
        return Response.WriteAsJsonAsync(new { title = $"This token's role may not do that: it takes the {Roles.Support} role", status = 403 });
    }
}
