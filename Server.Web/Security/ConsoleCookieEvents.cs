using IocpAdmin.Web.Diagnostics;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace IocpAdmin.Web.Security;

/// <summary>
/// The sign-in cookie on plain HTTP requests (pages, the hub's negotiate, the circuit's start):
/// honoured only while its session is live and its user unchanged; a renewed cookie extends the
/// session; a changed role is written into a fresh cookie.
/// </summary>
internal sealed class ConsoleCookieEvents(SignInValidator validator, SignInSessions sessions, ILogger<ConsoleCookieEvents> logger)
    : CookieAuthenticationEvents
{
    public override async Task ValidatePrincipal(CookieValidatePrincipalContext context)
    {
        var user = context.Principal!;
        var verdict = await validator.CheckAsync(user, context.HttpContext.RequestAborted);
        switch (verdict.Kind)
        {
            case SessionVerdictKind.Valid:
                return;
            case SessionVerdictKind.RoleChanged:
                context.ReplacePrincipal(ConsolePrincipal.WithRole(user, verdict.CurrentRole!));
                context.ShouldRenew = true;
                return;
            default:
                Log.CookieRefused(logger, ConsolePrincipal.NameOf(user), verdict.Reason);
                context.RejectPrincipal();
                // Deletes the cookie, so the browser stops presenting a sign-in that is over.
                await context.HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
                return;
        }
    }

    public override async Task CheckSlidingExpiration(CookieSlidingExpirationContext context)
    {
        if (context.ShouldRenew && ConsolePrincipal.SessionId(context.Principal) is { } id)
        {
            await sessions.ExtendAsync(id, context.HttpContext.RequestAborted);
        }
    }

    // A tool calling the hub or the circuit gets a status code, not a login page.
    public override Task RedirectToLogin(RedirectContext<CookieAuthenticationOptions> context) =>
        Challenge(context, StatusCodes.Status401Unauthorized);

    public override Task RedirectToAccessDenied(RedirectContext<CookieAuthenticationOptions> context) =>
        Challenge(context, StatusCodes.Status403Forbidden);

    private static Task Challenge(RedirectContext<CookieAuthenticationOptions> context, int status)
    {
        var path = context.Request.Path;
        if (path.StartsWithSegments("/hubs") || path.StartsWithSegments("/_blazor") || path.StartsWithSegments("/healthz"))
        {
            context.Response.StatusCode = status;
            return Task.CompletedTask;
        }

        context.Response.Redirect(context.RedirectUri);
        return Task.CompletedTask;
    }
}
