using System.Collections.Concurrent;
using IocpAdmin.Web.Diagnostics;
using Microsoft.AspNetCore.SignalR;

namespace IocpAdmin.Web.Security;

/// <summary>
/// The open hub connections, checked every <see cref="SignInSessions.RevalidationInterval"/>: one
/// whose sign-in ended, expired, lost its user or changed role is aborted, so a connection that
/// only listens to pushed snapshots does not outlive its sign-out.
/// </summary>
internal sealed class HubSignIns(SignInValidator validator, ILogger<HubSignIns> logger) : BackgroundService
{
    private readonly ConcurrentDictionary<string, HubCallerContext> _open = new(StringComparer.Ordinal);

    public void Add(HubCallerContext connection) => _open[connection.ConnectionId] = connection;

    public void Remove(HubCallerContext connection) => _open.TryRemove(connection.ConnectionId, out _);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(SignInSessions.RevalidationInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await CloseInvalidAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The host is stopping.
        }
    }

    private async Task CloseInvalidAsync(CancellationToken cancellationToken)
    {
        foreach (var (id, connection) in _open)
        {
            var user = connection.User ?? new System.Security.Claims.ClaimsPrincipal();
            SessionVerdict verdict;
            try
            {
                verdict = await validator.CheckAsync(user, cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                throw;
            }
#pragma warning disable CA1031 // A background service that throws stops the whole host, record server included.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                // The users table could not be read (locked past its timeout, disk gone), or a bug in
                // the check: this round cannot tell, the next one tries again.
                Log.HubSignInCheckFailed(logger, ex, id);
                continue;
            }

            if (!verdict.IsValid)
            {
                Log.HubConnectionClosed(logger, id, ConsolePrincipal.NameOf(user), verdict.Reason);
                _open.TryRemove(id, out _);
                connection.Abort();
            }
        }
    }
}
