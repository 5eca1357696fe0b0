using System.Security.Claims;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace IocpAdmin.Web.Security;

/// <summary>The signed-in principal: name, one role, and the id of its server-side sign-in session.</summary>
internal static class ConsolePrincipal
{
    /// <summary>The session id claim, named as OpenID Connect names a session.</summary>
    public const string SessionIdClaim = "sid";

    public static ClaimsPrincipal Create(string name, string role, string sessionId) => new(new ClaimsIdentity(
        [new Claim(ClaimTypes.Name, name), new Claim(ClaimTypes.Role, role), new Claim(SessionIdClaim, sessionId)],
        CookieAuthenticationDefaults.AuthenticationScheme, ClaimTypes.Name, ClaimTypes.Role));

    public static string? SessionId(ClaimsPrincipal? user) => user?.FindFirst(SessionIdClaim)?.Value;

    public static string NameOf(ClaimsPrincipal? user) => user?.Identity?.Name ?? "anonymous";

    /// <summary>The same sign-in with the user's role now.</summary>
    public static ClaimsPrincipal WithRole(ClaimsPrincipal user, string role) =>
        Create(NameOf(user), role, SessionId(user) ?? string.Empty);
}
