using IocpAdmin.Server.Engine;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace IocpAdmin.Web.Hosting;

/// <summary>
/// Healthy while the pipe server runs and its store commits; degraded while the store's commits
/// fail (a full disk, a read-only file: writes get ERROR, reads are still served from memory), and
/// while admission is Drain or Maintenance (connected clients are served, new ones get BUSY).
/// </summary>
internal sealed class RecordServerHealthCheck(RecordServer server) : IHealthCheck
{
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
            ["completionSource"] = server.CompletionSource?.ToString() ?? "none (thread per client)",
            ["pipe"] = snapshot.PipeAddress,
            ["clients"] = snapshot.ConnectedClients,
            ["records"] = snapshot.Store.Records,
            ["database"] = server.Store.DataSource,
        };
        if (server.CompletionSourceFallback is { } fallback)
        {
            data["completionSourceFallback"] = fallback;
        }

        if (snapshot.Store.LastError is { } lastError)
        {
            data["lastStoreError"] = lastError;
            data["failedCommits"] = snapshot.Store.FailedCommits;
        }

        data["admission"] = snapshot.Admission.ToString();
        if (snapshot.Store.FailingSince is { } since)
        {
            data["storeFailingSince"] = since;
            return Task.FromResult(HealthCheckResult.Degraded(
                $"the record store has failed every commit since {since:O} (writes get ERROR): {snapshot.Store.LastError}", data: data));
        }

        if (snapshot.Store.RecoveredAt is { } recovered)
        {
            data["storeRecoveredAt"] = recovered;
        }

        if (snapshot.Admission != AdmissionMode.Ready)
        {
            // Still serving its clients, but not new ones: a balancer should send them elsewhere.
            return Task.FromResult(HealthCheckResult.Degraded($"admission is {snapshot.Admission}: new clients get BUSY", data: data));
        }

        return Task.FromResult(HealthCheckResult.Healthy("serving", data));
    }
}
