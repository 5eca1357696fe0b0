using IocpAdmin.Server.Engine;

namespace IocpAdmin.Web.Hosting;

/// <summary>
/// Runs the record server for the life of the web host: it starts before the web app serves
/// requests, and on shutdown stops admitting clients, answers what they sent and flushes the
/// store, within the host's shutdown timeout.
/// </summary>
internal sealed class RecordServerHostedService(RecordServer server) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => server.StartAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => server.StopAsync(cancellationToken);
}
