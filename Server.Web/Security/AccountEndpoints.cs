using System.Data.Common;
using System.Security.Claims;
using IocpAdmin.Web.Data;
using IocpAdmin.Web.Diagnostics;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http.HttpResults;

namespace IocpAdmin.Web.Security;

/// <summary>
/// The one account endpoint that is not a page: signing out (a form POST, anti-forgery checked).
/// It ends the sign-in session on the server, so every other tab, open page and hub connection of
/// the same sign-in is refused too, not only this browser's cookie deleted.
/// </summary>
internal static class AccountEndpoints
{
    public const string SignOutPath = "/account/logout";

    public static IEndpointConventionBuilder MapAccountEndpoints(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapPost(SignOutPath, async Task<Results<BadRequest<string>, RedirectHttpResult>> (
            HttpContext context, ClaimsPrincipal user, IAntiforgery antiforgery, SignInSessions sessions, AuditLog audit, ILogger<SignInSessions> logger) =>
        {
            // Checked here, whatever the request's content type: the antiforgery middleware only
            // records its verdict for endpoints that read a form, and this one reads none. A
            // cross-site page must not be able to sign anybody out.
            if (!await antiforgery.IsRequestValidAsync(context))
            {
                return TypedResults.BadRequest("The sign-out form's anti-forgery token is missing or not valid.");
            }

            // The cookie goes first: whatever happens to the database next, this browser is signed out.
            await context.SignOutAsync();
            if (ConsolePrincipal.SessionId(user) is { } sessionId)
            {
                try
                {
                    await sessions.EndAsync(sessionId);
                }
                catch (DbException ex)
                {
                    // Ended in memory all the same (every tab and connection is refused now); only a
                    // restart before the row is gone would bring it back, so this must be seen.
                    Log.SignOutNotRecorded(logger, ex, ConsolePrincipal.NameOf(user));
                }
            }

            await audit.RecordAsync(ConsolePrincipal.NameOf(user), AuditActions.SignOut, "console", string.Empty, succeeded: true);
            return TypedResults.LocalRedirect("~/account/login");
        });
}
