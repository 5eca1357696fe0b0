using IocpAdmin.Web.Diagnostics;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;

namespace IocpAdmin.Web.Security;

/// <summary>
/// An open page's sign-in, checked again every <see cref="SignInSessions.RevalidationInterval"/>
/// for as long as its circuit lives (a circuit otherwise keeps the principal it started with for
/// hours). Ended, expired or removed: the page's state becomes anonymous and the layout sends it to
/// sign-in. Role changed: the page goes on with the new role and re-renders what it allows.
/// </summary>
internal sealed class ConsoleAuthenticationStateProvider(
    ILoggerFactory loggerFactory,
    SignInValidator validator,
    ILogger<ConsoleAuthenticationStateProvider> logger) : RevalidatingServerAuthenticationStateProvider(loggerFactory)
{
    protected override TimeSpan RevalidationInterval => SignInSessions.RevalidationInterval;

    protected override async Task<bool> ValidateAuthenticationStateAsync(AuthenticationState authenticationState, CancellationToken cancellationToken)
    {
        var user = authenticationState.User;
        var verdict = await validator.CheckAsync(user, cancellationToken);
        switch (verdict.Kind)
        {
            case SessionVerdictKind.Valid:
                return true;
            case SessionVerdictKind.RoleChanged:
                Log.OpenPageRoleChanged(logger, ConsolePrincipal.NameOf(user), verdict.CurrentRole!);
                // Starts a new revalidation loop on the new state; this one ends as its token is cancelled.
                SetAuthenticationState(Task.FromResult(new AuthenticationState(ConsolePrincipal.WithRole(user, verdict.CurrentRole!))));
                return true;
            default:
                Log.OpenPageSignedOut(logger, ConsolePrincipal.NameOf(user), verdict.Reason);
                return false;
        }
    }
}
