using System.Security.Claims;

namespace IocpAdmin.Web.Security;

/// <summary>
/// The one check behind every way in (a request's cookie, an open page's circuit, a hub call or
/// connection, an API token's call, an admin action): the principal's session is live and unexpired, and its user still
/// exists with the role the principal carries.
/// </summary>
internal sealed class SignInValidator(SignInSessions sessions, ConsoleUsers users, ApiTokens tokens)
{
    public async Task<SessionVerdict> CheckAsync(ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        if (ApiTokenAuthentication.TokenIdOf(user) is { } tokenId)
        {
            // An API caller: its token must still be live, and its maker still allowed its role.
            var tokenRole = user.FindFirst(ClaimTypes.Role)?.Value ?? "";
            return await tokens.ProblemAsync(tokenId, tokenRole, cancellationToken) is { } problem
                ? new SessionVerdict(SessionVerdictKind.TokenRefused, Detail: problem)
                : SessionVerdict.Valid;
        }

        if (ConsolePrincipal.SessionId(user) is not { } id || !sessions.TryGet(id, out var session))
        {
            return new SessionVerdict(SessionVerdictKind.SignedOut);
        }

        if (sessions.HasExpired(session))
        {
            await sessions.EndAsync(id);
            return new SessionVerdict(SessionVerdictKind.Expired);
        }

        var role = await users.FindRoleAsync(session.UserName, cancellationToken);
        if (role is null)
        {
            // Ended, not only refused: a user added again later under the same name starts afresh.
            await sessions.EndAsync(id);
            return new SessionVerdict(SessionVerdictKind.UserRemoved);
        }

        return user.IsInRole(role) ? SessionVerdict.Valid : new SessionVerdict(SessionVerdictKind.RoleChanged, role);
    }
}
