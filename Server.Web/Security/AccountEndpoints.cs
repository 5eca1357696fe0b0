using System.Security.Claims;
using IocpAdmin.Web.Data;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;

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
        endpoints.MapPost(SignOutPath, async (HttpContext context, ClaimsPrincipal user, [FromForm] string? returnUrl, SignInSessions sessions, AuditLog audit) =>
        {
            if (ConsolePrincipal.SessionId(user) is { } sessionId)
            {
                await sessions.EndAsync(sessionId);
            }

            await context.SignOutAsync();
            await audit.RecordAsync(ConsolePrincipal.NameOf(user), AuditActions.SignOut, "console", string.Empty, succeeded: true);
            return TypedResults.LocalRedirect("~/account/login");
        });
}
