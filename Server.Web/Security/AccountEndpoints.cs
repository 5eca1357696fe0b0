using System.Security.Claims;
using IocpAdmin.Web.Data;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;

namespace IocpAdmin.Web.Security;

/// <summary>The one account endpoint that is not a page: signing out (a form POST, anti-forgery checked).</summary>
internal static class AccountEndpoints
{
    public const string SignOutPath = "/account/logout";

    public static IEndpointConventionBuilder MapAccountEndpoints(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapPost(SignOutPath, async (HttpContext context, ClaimsPrincipal user, [FromForm] string? returnUrl, AuditLog audit) =>
        {
            await context.SignOutAsync();
            await audit.RecordAsync(user.Identity?.Name ?? "anonymous", AuditActions.SignOut, "console", string.Empty, succeeded: true);
            return TypedResults.LocalRedirect("~/account/login");
        });
}
