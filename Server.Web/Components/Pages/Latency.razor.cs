using System.Diagnostics;
using System.Globalization;
using IocpAdmin.Server.Diagnostics;
using IocpAdmin.Server.Diagnostics.Latency;
using IocpAdmin.Server.Engine;
using IocpAdmin.Web.Components.Shared;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace IocpAdmin.Web.Components.Pages;

/// <summary>Where the time goes: each opcode's latency split into stages, the doctor's findings, and the slow log.</summary>
public sealed partial class Latency : LivePage
{
    private static readonly TimeSpan s_refresh = TimeSpan.FromSeconds(1);
    private LatencyReport? _report;
    private long _readAt;

    [Inject]
    private RecordServer Server { get; set; } = default!;

    private IEnumerable<OperationLatency> Operations => _report?.Operations.Where(o => o.Count > 0) ?? [];

    protected override void TakeSnapshot() => Refresh();

    protected override Task OnSnapshotAsync(EngineSnapshot snapshot)
    {
        // The report is a minute's window: once a second is plenty, whatever the feed's rate.
        if (Stopwatch.GetElapsedTime(_readAt) >= s_refresh)
        {
            Refresh();
            StateHasChanged();
        }

        return Task.CompletedTask;
    }

    private void Refresh()
    {
        _readAt = Stopwatch.GetTimestamp();
        _report = Server.State == ServerState.Running ? Server.Latency.Report(slowEntries: 100) : null;
    }

    private static string Ms(double milliseconds) => Doctor.Ms(milliseconds);

    private static string Percent(double share) => share.ToString("P0", CultureInfo.InvariantCulture);

    private static string Time(DateTimeOffset at) => at.UtcDateTime.ToString("HH:mm:ss.fff", CultureInfo.InvariantCulture);

    private static Severity SeverityOf(FindingSeverityKind severity) => severity switch
    {
        FindingSeverityKind.Critical => Severity.Error,
        FindingSeverityKind.Warning => Severity.Warning,
        FindingSeverityKind.Info => Severity.Info,
        _ => Severity.Success,
    };

    /// <summary>The stage bar's segments: stage, share, colour.</summary>
    private static IEnumerable<(LatencyStageKind Stage, double Share, string Color)> Segments(double queue, double worker, double commit, double clientRead)
    {
        yield return (LatencyStageKind.Queue, queue, "var(--mud-palette-warning)");
        yield return (LatencyStageKind.Worker, worker, "var(--mud-palette-primary)");
        yield return (LatencyStageKind.Commit, commit, "var(--mud-palette-secondary)");
        yield return (LatencyStageKind.ClientRead, clientRead, "var(--mud-palette-info)");
    }
}
