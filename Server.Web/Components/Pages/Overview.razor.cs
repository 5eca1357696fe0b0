using System.Diagnostics;
using System.Globalization;
using IocpAdmin.Server.Diagnostics;
using IocpAdmin.Web.Components.Shared;
using IocpAdmin.Web.History;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Options;
using Microsoft.JSInterop;
using MudBlazor;

namespace IocpAdmin.Web.Components.Pages;

/// <summary>
/// Live charts and figures of the engine: the feed's history first, then each snapshot, keeping
/// as many points as the feed does (<c>Dashboard:HistoryLength</c>).
/// </summary>
public sealed partial class Overview : LivePage
{
    /// <summary>The live charts' step: a point every 5 s over the last 2 minutes (the figures above them change every snapshot).</summary>
    private static readonly TimeSpan s_liveStep = TimeSpan.FromSeconds(5);

    private const int LivePointCount = 24;

    private readonly List<EngineSnapshot> _history = [];
    private List<EngineSnapshot> _livePoints = [];
    private EngineSnapshot? _snapshot;
    private ChartRange _chartRange = ChartRange.Live;
    private string _range = ChartRange.Live.Key;
    private IReadOnlyList<HistoryPoint> _points = [];
    private long _pointsReadAt;
    private bool _paused;
    private long _drawnSlot;
    private DateTimeOffset _pausedAt;
    private TimeSpan _labelEvery = ChartRange.Live.LabelEvery;
    private string _labelFormat = ChartRange.Live.LabelFormat;
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

    [Inject]
    private HistoryStore HistoryStore { get; set; } = default!;

    [Inject]
    private IOptions<HistoryOptions> HistoryOptions { get; set; } = default!;

    [Inject]
    private NavigationManager Navigation { get; set; } = default!;

    /// <summary>The charts' range in the URL (<c>?range=1h</c>), so a link or a reload keeps it.</summary>
    [SupplyParameterFromQuery(Name = "range")]
    public string? RangeQuery { get; set; }

    private string HistoryCaption => !HistoryOptions.Value.Enabled
        ? "History is off (History:Enabled=false): only live figures are kept."
        : _points.Count == 0
            ? $"No history in the last {_chartRange.Label} yet: it is written once a second."
            : string.Create(CultureInfo.InvariantCulture,
                $"From the history: {_points.Count} points, {_points[0].At:yyyy-MM-dd HH:mm:ss} to {_points[^1].At:HH:mm:ss} UTC (one per {Step(_points)}); gaps are times the server was down.");

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
    }

    protected override void OnParametersSet()
    {
        _chartRange = string.Equals(RangeQuery, ChartRange.CustomKey, StringComparison.OrdinalIgnoreCase) ? CustomRange() : ChartRange.Of(RangeQuery);
        _range = _chartRange.Key;
        _labelEvery = _chartRange.LabelEvery;
        _labelFormat = _chartRange.LabelFormat;
        if (_chartRange != ChartRange.Live)
        {
            _paused = false;
            ReadHistory();
        }

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

        // Charts are drawn again only when they have something new: history ranges when the history
        // is read again (every 5 s); live charts a whole step at a time (a point every 5 s), each step
        // shifting the points onto the places of their neighbours. Between, only the figures change,
        // so a tab's traffic stays small (docs/architecture.md, "Viewer traffic").
        if (_chartRange != ChartRange.Live)
        {
            if (Stopwatch.GetElapsedTime(_pointsReadAt) >= TimeSpan.FromSeconds(5))
            {
                ReadHistory();
                BuildSeries();
            }
        }
        else if (!_paused && LiveSlot(snapshot.Timestamp) != _drawnSlot)
        {
            BuildSeries();
        }

        StateHasChanged();
        return Task.CompletedTask;
    }

    private Task SetRangeAsync(string key)
    {
        if (key == ChartRange.CustomKey)
        {
            // The fields come first; Apply puts the range in the URL.
            _range = key;
            _customFrom ??= DateTime.UtcNow.AddHours(-6).ToString("yyyy-MM-ddTHH:mm", CultureInfo.InvariantCulture);
            _customTo ??= DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm", CultureInfo.InvariantCulture);
            return Task.CompletedTask;
        }

        Navigation.NavigateTo(Navigation.GetUriWithQueryParameter("range", key == ChartRange.Live.Key ? null : key), replace: true);
        return Task.CompletedTask;
    }

    private void TogglePause()
    {
        _paused = !_paused;
        _pausedAt = _snapshot?.Timestamp ?? DateTimeOffset.UtcNow;
        if (!_paused)
        {
            BuildSeries();
        }
    }

    private void ReadHistory()
    {
        _pointsReadAt = Stopwatch.GetTimestamp();
        if (!HistoryOptions.Value.Enabled)
        {
            _points = [];
            return;
        }

        var now = DateTimeOffset.UtcNow;
        try
        {
            var end = _chartRange.End ?? now;
            _points = HistoryStore.Read(end - _chartRange.Span, end, maxPoints: 360);
        }
        catch (Microsoft.Data.Sqlite.SqliteException)
        {
            // An unreadable history shows as none; the recorder logs why it cannot write.
            _points = [];
        }
    }

    private void BuildSeries()
    {
        if (_chartRange == ChartRange.Live)
        {
            _drawnSlot = LiveSlot(_snapshot?.Timestamp ?? DateTimeOffset.UtcNow);
            _livePoints = LivePoints();
            _requests = [Series("requests/s", s => s.RequestsPerSecond)];
            _queue = [Series("queued packets", s => s.PortQueueDepth), Series("released workers", s => s.PortActiveWorkers)];
            _clients = [Series("clients", s => s.ConnectedClients)];
            _commits = [Series("commits/s", s => s.Store.CommitsPerSecond)];
            _batch = [Series("writes/commit", s => s.Store.AverageBatchSize)];
            var workerCount = _snapshot?.Workers.Count ?? 0;
            _workers = Enumerable.Range(0, workerCount)
                .Select(w => Series($"worker {w}", s => w < s.Workers.Count ? s.Workers[w].BusyPercent : 0))
                .ToList();
            return;
        }

        _requests = [Stored("requests/s", p => p.RequestsPerSecond)];
        _queue = [Stored("queued packets", p => p.QueueDepth), Stored("deepest", p => p.QueueDepthMax), Stored("released workers", p => p.ActiveWorkers)];
        _clients = [Stored("clients", p => p.Clients)];
        _commits = [Stored("commits/s", p => p.CommitsPerSecond)];
        _batch = [Stored("writes/commit", p => p.WritesPerCommit)];
        _workers = [Stored("busy % (average)", p => p.BusyPercent)];
    }

    private ChartSeries<double> Series(string name, Func<EngineSnapshot, double> value) =>
        new() { Name = name, Data = new ChartData<double>(_livePoints.Select(s => (LiveTime(s.Timestamp), value(s))).ToArray()) };

    private static long LiveSlot(DateTimeOffset at) => at.ToUnixTimeMilliseconds() / (long)s_liveStep.TotalMilliseconds;

    private static DateTime LiveTime(DateTimeOffset at) => DateTimeOffset.FromUnixTimeMilliseconds(LiveSlot(at) * (long)s_liveStep.TotalMilliseconds).UtcDateTime;

    /// <summary>The newest snapshot of each whole 5-second step of the last 2 minutes (the step in progress is not drawn yet).</summary>
    private List<EngineSnapshot> LivePoints()
    {
        var current = _drawnSlot;
        return _history.Where(s => LiveSlot(s.Timestamp) < current && LiveSlot(s.Timestamp) >= current - LivePointCount)
            .GroupBy(s => LiveSlot(s.Timestamp))
            .Select(g => g.Last())
            .ToList();
    }

    private ChartSeries<double> Stored(string name, Func<HistoryPoint, double> value) =>
        new() { Name = name, Data = new ChartData<double>(_points.Select(p => (p.At.UtcDateTime, value(p))).ToArray()) };

    private static string Step(IReadOnlyList<HistoryPoint> points) =>
        points.Count < 2 ? "second" : ChartScale.Label(points.Zip(points.Skip(1), (a, b) => (b.At - a.At).TotalSeconds).Min()) + " s";

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
