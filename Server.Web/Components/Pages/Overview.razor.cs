using System.Globalization;
using IocpAdmin.Server.Diagnostics;
using IocpAdmin.Web.Components.Shared;
using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;
using MudBlazor;

namespace IocpAdmin.Web.Components.Pages;

/// <summary>
/// Live charts and figures of the engine: the feed's history first, then each snapshot, keeping
/// as many points as the feed does (<c>Dashboard:HistoryLength</c>).
/// </summary>
public sealed partial class Overview : LivePage
{
    private readonly List<EngineSnapshot> _history = [];
    private EngineSnapshot? _snapshot;
    private string[] _labels = [];
    private List<ChartSeries<double>> _requests = [];
    private List<ChartSeries<double>> _queue = [];
    private List<ChartSeries<double>> _workers = [];
    private List<ChartSeries<double>> _clients = [];
    private List<ChartSeries<double>> _commits = [];
    private List<ChartSeries<double>> _batch = [];
    private ElementReference _live;
    private ElementReference _mark;
    private bool _watching;

    [Inject]
    private IJSRuntime JS { get; set; } = default!;

    /// <summary>
    /// No new snapshot for this long greys the figures: three intervals, and at least 1.5 s, so a
    /// late tick is not called stale but a stalled feed is within 2 s at the default rate.
    /// </summary>
    private int StaleAfterMilliseconds => (int)Math.Max(1500, 3 * Feed.Interval.TotalMilliseconds);

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        // Once the figures are on the page (the first snapshot may come after the first render).
        if (!_watching && _snapshot is not null && RendererInfo.IsInteractive)
        {
            _watching = true;
            try
            {
                await using var module = await JS.InvokeAsync<IJSObjectReference>("import", "./freshness.js");
                await module.InvokeVoidAsync("watch", _live, _mark, StaleAfterMilliseconds);
            }
            catch (JSDisconnectedException)
            {
                // The page was closed meanwhile.
            }
        }
    }

    protected override void TakeSnapshot()
    {
        _history.AddRange(Feed.History());
        _snapshot = Feed.Latest;
        BuildSeries();
    }

    protected override Task OnSnapshotAsync(EngineSnapshot snapshot)
    {
        _snapshot = snapshot;
        _history.Add(snapshot);
        if (_history.Count > Feed.HistoryLength)
        {
            _history.RemoveRange(0, _history.Count - Feed.HistoryLength);
        }

        BuildSeries();
        StateHasChanged();
        return Task.CompletedTask;
    }

    private void BuildSeries()
    {
        var count = _history.Count;
        var now = _snapshot?.Timestamp ?? DateTimeOffset.UtcNow;
        // A label every 20 points (10 s at the default rate) keeps the axis readable.
        _labels = _history.Select((s, i) => (count - 1 - i) % 20 == 0 ? $"-{(now - s.Timestamp).TotalSeconds:0}s" : string.Empty).ToArray();
        _requests = [Series("requests/s", s => s.RequestsPerSecond)];
        _queue = [Series("queued packets", s => s.PortQueueDepth), Series("released workers", s => s.PortActiveWorkers)];
        _clients = [Series("clients", s => s.ConnectedClients)];
        _commits = [Series("commits/s", s => s.Store.CommitsPerSecond)];
        _batch = [Series("writes/commit", s => s.Store.AverageBatchSize)];
        var workerCount = _snapshot?.Workers.Count ?? 0;
        _workers = Enumerable.Range(0, workerCount)
            .Select(w => Series($"worker {w}", s => w < s.Workers.Count ? s.Workers[w].BusyPercent : 0))
            .ToList();
    }

    private ChartSeries<double> Series(string name, Func<EngineSnapshot, double> value) =>
        new() { Name = name, Data = new ChartData<double>(_history.Select(value).ToArray()) };

    private static double AverageBusy(EngineSnapshot snapshot) =>
        snapshot.Workers.Count == 0 ? 0 : snapshot.Workers.Average(w => w.BusyPercent);

    private static string N(double value) => value.ToString("N0", CultureInfo.InvariantCulture);

    private static string Bytes(double perSecond) => perSecond switch
    {
        >= 1 << 20 => $"{perSecond / (1 << 20):0.0} MiB",
        >= 1 << 10 => $"{perSecond / (1 << 10):0.0} KiB",
        _ => $"{perSecond:0} B",
    };
}
