using IocpAdmin.Web.Data;
using IocpAdmin.Web.Diagnostics;
using Microsoft.AspNetCore.SignalR;

namespace IocpAdmin.Web.Security;

/// <summary>
/// The hub's sign-in check: every call is refused, audited and its connection closed once the
/// connection's sign-in is no longer valid (the cookie was checked only when it connected); open
/// connections are handed to <see cref="HubSignIns"/>, which closes those that went bad while idle.
/// </summary>
internal sealed class SignInHubFilter(SignInValidator validator, HubSignIns connections, AuditLog audit, ILogger<SignInHubFilter> logger)
    : IHubFilter
{
    public async ValueTask<object?> InvokeMethodAsync(HubInvocationContext invocationContext, Func<HubInvocationContext, ValueTask<object?>> next)
    {
        var connection = invocationContext.Context;
        var user = connection.User ?? new System.Security.Claims.ClaimsPrincipal();
        var verdict = await validator.CheckAsync(user, connection.ConnectionAborted);
        if (verdict.IsValid)
        {
            return await next(invocationContext);
        }

        var name = ConsolePrincipal.NameOf(user);
        Log.HubCallRefused(logger, invocationContext.HubMethodName, name, verdict.Reason);
        await audit.RecordAsync(name, AuditActions.HubCall, invocationContext.HubMethodName, $"refused: {verdict.Reason}", succeeded: false);
        // A changed role too: the client reconnects, and its cookie then carries the new role.
        connection.Abort();
        throw new HubException($"Refused: {verdict.Reason}. Sign in again.");
    }

    public async Task OnConnectedAsync(HubLifetimeContext context, Func<HubLifetimeContext, Task> next)
    {
        await next(context);
        connections.Add(context.Context);
    }

    public async Task OnDisconnectedAsync(HubLifetimeContext context, Exception? exception, Func<HubLifetimeContext, Exception?, Task> next)
    {
        connections.Remove(context.Context);
        await next(context, exception);
    }
}
