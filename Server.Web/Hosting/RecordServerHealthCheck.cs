using IocpAdmin.Server.Engine;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace IocpAdmin.Web.Hosting;

/// <summary>Healthy while the pipe server runs and its store commits; degraded after a recent failed commit.</summary>
internal sealed class RecordServerHealthCheck(RecordServer server) : IHealthCheck
{
    private static readonly TimeSpan s_recentFailure = TimeSpan.FromMinutes(1);

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (server.State != ServerState.Running)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy($"the record server is {server.State}"));
        }

        var snapshot = server.Monitor.GetSnapshot();
        var data = new Dictionary<string, object>
        {
            ["mode"] = snapshot.Mode.ToString(),
            ["pipe"] = snapshot.PipeAddress,
            ["clients"] = snapshot.ConnectedClients,
            ["records"] = snapshot.Store.Records,
            ["database"] = server.Store.DataSource,
        };
        if (snapshot.Store.LastErrorAt is { } at && DateTimeOffset.UtcNow - at < s_recentFailure)
        {
            data["lastStoreError"] = snapshot.Store.LastError!;
            return Task.FromResult(HealthCheckResult.Degraded($"a commit failed at {at:O}: {snapshot.Store.LastError}", data: data));
        }

        return Task.FromResult(HealthCheckResult.Healthy("serving", data));
    }
}
