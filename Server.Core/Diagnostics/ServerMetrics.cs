using System.Diagnostics.Metrics;

namespace IocpAdmin.Server.Diagnostics;

/// <summary>
/// The engine's counters as <see cref="System.Diagnostics.Metrics"/> instruments on the meter
/// <c>IocpAdmin.Server</c>, so <c>dotnet-counters monitor -n Server.Web --counters IocpAdmin.Server</c>
/// shows them. All observable: reading them costs the hot path nothing.
/// </summary>
internal static class ServerMetrics
{
    public const string MeterName = "IocpAdmin.Server";

    public static void Register(Meter meter, EngineMonitor monitor)
    {
        meter.CreateObservableUpDownCounter("iocpadmin.clients.connected", () => monitor.GetSnapshot().ConnectedClients,
            "{client}", "Pipe clients connected now.");
        meter.CreateObservableCounter("iocpadmin.clients.accepted", () => monitor.GetSnapshot().AcceptedTotal,
            "{client}", "Pipe clients accepted since start.");
        meter.CreateObservableCounter("iocpadmin.clients.refused", () => monitor.GetSnapshot().RefusedTotal,
            "{client}", "Pipe clients answered BUSY (at capacity or shutting down).");
        meter.CreateObservableCounter("iocpadmin.requests", () => monitor.GetSnapshot().RequestsTotal,
            "{request}", "Requests answered or committed since start.");
        meter.CreateObservableCounter("iocpadmin.bytes.received", () => monitor.GetSnapshot().BytesReceivedTotal,
            "By", "Bytes received from pipe clients.");
        meter.CreateObservableCounter("iocpadmin.bytes.sent", () => monitor.GetSnapshot().BytesSentTotal,
            "By", "Bytes sent to pipe clients.");
        meter.CreateObservableGauge("iocpadmin.port.queue_depth", () => monitor.GetSnapshot().PortQueueDepth,
            "{packet}", "Completion packets waiting for a worker.");
        meter.CreateObservableGauge("iocpadmin.worker.busy", () => WorkerBusy(monitor),
            "%", "Share of the last sampling interval each worker thread spent running completions.");
        meter.CreateObservableCounter("iocpadmin.worker.completions", () => WorkerCompletions(monitor),
            "{packet}", "Completion packets each worker thread has run.");
        meter.CreateObservableUpDownCounter("iocpadmin.store.records", () => monitor.GetSnapshot().Store.Records,
            "{record}", "Records in the store.");
        meter.CreateObservableCounter("iocpadmin.store.commits", () => monitor.GetSnapshot().Store.Commits,
            "{commit}", "Transactions committed by the store's writer.");
        meter.CreateObservableCounter("iocpadmin.store.commit_failures", () => monitor.GetSnapshot().Store.FailedCommits,
            "{commit}", "Transactions that failed (their requests got ERROR).");
    }

    private static IEnumerable<Measurement<double>> WorkerBusy(EngineMonitor monitor)
    {
        foreach (var worker in monitor.GetSnapshot().Workers)
        {
            yield return new Measurement<double>(worker.BusyPercent, new KeyValuePair<string, object?>("worker", worker.Id));
        }
    }

    private static IEnumerable<Measurement<long>> WorkerCompletions(EngineMonitor monitor)
    {
        foreach (var worker in monitor.GetSnapshot().Workers)
        {
            yield return new Measurement<long>(worker.Completions, new KeyValuePair<string, object?>("worker", worker.Id));
        }
    }
}
