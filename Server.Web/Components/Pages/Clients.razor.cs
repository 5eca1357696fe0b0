using System.Diagnostics;
using System.Globalization;
using IocpAdmin.Server.Diagnostics;
using IocpAdmin.Server.Engine;
using IocpAdmin.Server.Sessions;
using IocpAdmin.Web.Components.Shared;
using IocpAdmin.Web.Dashboard;
using IocpAdmin.Web.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using MudBlazor;

namespace IocpAdmin.Web.Components.Pages;

/// <summary>
/// The connected clients: filtered, sorted and paged on the server, refreshed once a second, with
/// disconnect for one client or for every client the filter selects (Support only, confirmed).
/// </summary>
public sealed partial class Clients : LivePage
{
    // The grid reloads at most this often however fast the feed ticks: a page of rows per second
    // is live enough for people and cheap for the server.
    private static readonly TimeSpan s_refresh = TimeSpan.FromSeconds(1);

    private MudDataGrid<SessionSnapshot>? _grid;
    private SessionState? _state;
    private int? _idleSeconds;
    private string? _search;
    private int _matching;
    private long _lastReload;
    private bool _canAct;
    private bool _acting;
    private AdmissionMode _admission;
    private IReadOnlyList<ClosedSession> _recentlyClosed = [];

    [Inject]
    private ClientDirectory Directory { get; set; } = default!;

    [Inject]
    private AdminActions Actions { get; set; } = default!;

    [Inject]
    private RecordServer Server { get; set; } = default!;

    [Inject]
    private IDialogService Dialogs { get; set; } = default!;

    [Inject]
    private ISnackbar Snackbar { get; set; } = default!;

    [Inject]
    private IAuthorizationService Authorization { get; set; } = default!;

    [CascadingParameter]
    private Task<AuthenticationState> AuthenticationState { get; set; } = default!;

    private static readonly ClientVerdictKind[] s_quick =
        [ClientVerdictKind.HalfFrame, ClientVerdictKind.NotReading, ClientVerdictKind.WaitingForCommit, ClientVerdictKind.Idle];

    private ClientVerdictKind? _verdict;
    private int? _pid;
    private string? _sortBy;
    private bool _descending;
    private bool _grouped;
    private IReadOnlyList<ProcessGroup> _groups = [];
    private Dictionary<int, (long Requests, long At)> _groupReadings = [];
    private Dictionary<int, double> _groupRates = [];
    private IReadOnlyList<Quarantine> _quarantines = [];

    [Inject]
    private NavigationManager Navigation { get; set; } = default!;

    private ClientFilter Filter => new(_state, _idleSeconds, _search, _verdict, _pid);

    private bool _filtered => Filter.IsFiltered;

    protected override async Task OnParametersSetAsync()
    {
        // Decided for the page, not per row, again whenever the sign-in changes (a demoted user
        // loses the buttons); the actions check again on the server anyway.
        _canAct = (await Authorization.AuthorizeAsync((await AuthenticationState).User, Policies.Act)).Succeeded;
        // A value that does not parse is no filter, not an error page.
        _state = Enum.TryParse<SessionState>(StateQuery, ignoreCase: true, out var state) && state != SessionState.Closed ? state : null;
        _idleSeconds = int.TryParse(IdleQuery, NumberStyles.None, CultureInfo.InvariantCulture, out var idle) && idle > 0 ? idle : null;
        _search = string.IsNullOrWhiteSpace(SearchQuery) ? null : SearchQuery;
        _verdict = VerdictKinds.Parse(VerdictQuery);
        _pid = int.TryParse(ProcessQuery, NumberStyles.None, CultureInfo.InvariantCulture, out var pid) ? pid : null;
        _sortBy = SortQuery;
        _descending = bool.TryParse(DescendingQuery, out var descending) && descending;
        _grouped = string.Equals(ViewQuery, "groups", StringComparison.OrdinalIgnoreCase);
        await ReloadAsync();
    }

    private Task<GridData<SessionSnapshot>> LoadAsync(GridState<SessionSnapshot> state, CancellationToken cancellationToken)
    {
        var sort = state.SortDefinitions.FirstOrDefault();
        if (sort is not null && (sort.SortBy != _sortBy || sort.Descending != _descending))
        {
            _sortBy = sort.SortBy;
            _descending = sort.Descending;
            _ = InvokeAsync(UpdateUrl);
        }

        var page = Directory.Query(new ClientQuery(Filter, sort?.SortBy ?? _sortBy, sort?.Descending ?? _descending, state.Page, state.PageSize));
        if (_matching != page.Total)
        {
            _matching = page.Total;
            // The count lives outside the grid, which re-renders only itself.
            _ = InvokeAsync(StateHasChanged);
        }

        _lastReload = Stopwatch.GetTimestamp();
        return Task.FromResult(new GridData<SessionSnapshot> { Items = page.Items, TotalItems = page.Total });
    }

    protected override Task OnSnapshotAsync(EngineSnapshot snapshot)
    {
        if (snapshot.Admission != _admission)
        {
            _admission = snapshot.Admission;
            StateHasChanged();
        }

        return Stopwatch.GetElapsedTime(_lastReload) >= s_refresh ? ReloadAsync() : Task.CompletedTask;
    }

    private async Task SetAdmissionAsync(AdmissionMode mode)
    {
        var (title, text) = mode switch
        {
            AdmissionMode.Drain => ("Drain?", "Connected clients are served as usual; a client that connects gets BUSY \"draining\" until admission is Ready again."),
            AdmissionMode.Maintenance => ("Maintenance?", string.Create(CultureInfo.InvariantCulture,
                $"New clients get BUSY; the clients still connected in {AdminActions.MaintenanceGracePeriod.TotalSeconds:0} s are disconnected gracefully (told the server is going into maintenance). Setting Ready or Drain before then keeps them.")),
            _ => ("Ready?", "New clients are served again."),
        };
        if (await Dialogs.ShowMessageBoxAsync(title, text, yesText: mode.ToString(), cancelText: "Cancel") != true)
        {
            return;
        }

        await RunAsync(async user =>
        {
            var previous = await Actions.SetAdmissionAsync(user, mode);
            _admission = mode;
            Snackbar.Add($"Admission is {mode} (was {previous}).", mode == AdmissionMode.Ready ? Severity.Success : Severity.Warning);
        });
    }

    private async Task ReloadAsync()
    {
        if (_grid is not null)
        {
            await _grid.ReloadServerData();
        }

        if (_grouped)
        {
            _groups = Directory.Groups(Filter);
            var now = Stopwatch.GetTimestamp();
            var readings = new Dictionary<int, (long Requests, long At)>();
            var rates = new Dictionary<int, double>();
            foreach (var group in _groups)
            {
                var key = group.ProcessId ?? -1;
                readings[key] = (group.Requests, now);
                if (_groupReadings.TryGetValue(key, out var before) && now > before.At)
                {
                    rates[key] = Math.Max(0, group.Requests - before.Requests) / Stopwatch.GetElapsedTime(before.At, now).TotalSeconds;
                }
            }

            (_groupReadings, _groupRates) = (readings, rates);
            StateHasChanged();
        }

        var quarantines = Server.Quarantines();
        if (quarantines.Count > 0 || _quarantines.Count > 0)
        {
            _quarantines = quarantines;
            StateHasChanged();
        }

        var recent = Server.RecentlyClosed();
        if (recent.Count != _recentlyClosed.Count || (recent.Count > 0 && recent[0] != _recentlyClosed[0]))
        {
            _recentlyClosed = recent;
            StateHasChanged();
        }
    }

    protected override void OnInitialized()
    {
        base.OnInitialized();
        _recentlyClosed = Server.RecentlyClosed();
        _admission = Server.Admission;
    }

    private double RateOf(ProcessGroup group) => _groupRates.GetValueOrDefault(group.ProcessId ?? -1);

    private async Task LiftAsync(Quarantine quarantine)
    {
        if (await Dialogs.ShowMessageBoxAsync("Lift the quarantine?", $"New connections from {quarantine.Target} are served again.",
                yesText: "Lift", cancelText: "Cancel") != true)
        {
            return;
        }

        await RunAsync(async user =>
        {
            var lifted = await Actions.LiftQuarantineAsync(user, quarantine.Id);
            Snackbar.Add(lifted ? $"The quarantine of {quarantine.Target} is lifted." : $"The quarantine of {quarantine.Target} had already ended.",
                lifted ? Severity.Success : Severity.Info);
        });
    }

    /// <summary>A large selection's count must be typed to confirm (and any unfiltered one).</summary>
    private const int TypedCountAbove = 10;

    private Task DisconnectAsync(SessionSnapshot session) =>
        DisconnectAsync([session.Id], string.Create(CultureInfo.InvariantCulture,
            $"Client {session.Id}: {session.State}, process {session.ProcessId?.ToString(CultureInfo.InvariantCulture) ?? "unknown"}, idle {Idle(session.IdleFor)}, {session.Requests:N0} requests."),
            requireTypedCount: false);

    private async Task DisconnectMatchingAsync()
    {
        // Frozen now: the dialog shows these ids, and the action touches these and no others.
        var ids = Directory.Matching(Filter).Select(static s => s.Id).Order().ToList();
        if (ids.Count == 0)
        {
            Snackbar.Add("No client matches the filter now: nothing to disconnect.", Severity.Info);
            await ReloadAsync();
            return;
        }

        await DisconnectAsync(ids, Filter.Describe(), requireTypedCount: !_filtered || ids.Count > TypedCountAbove);
    }

    private async Task DisconnectAsync(List<long> ids, string selection, bool requireTypedCount)
    {
        var user = (await AuthenticationState).User;
        if (await DisconnectFlow.AskAsync(Dialogs, user, ids, selection, requireTypedCount, canQuarantine: true) is not { } request)
        {
            return;
        }

        await RunAsync(user => DisconnectFlow.RunAsync(Actions, Snackbar, user, request));
    }

    private async Task RunAsync(Func<System.Security.Claims.ClaimsPrincipal, Task> action)
    {
        // A disconnect may wait seconds for its clients: no second action starts meanwhile.
        _acting = true;
        try
        {
            await action((await AuthenticationState).User);
        }
        catch (Exception ex) when (ex is ForbiddenActionException or InvalidActionException)
        {
            Snackbar.Add(ex.Message, Severity.Error);
        }
        finally
        {
            _acting = false;
        }

        await ReloadAsync();
    }

    private static Color StateColor(SessionState state) => state switch
    {
        SessionState.WaitingForData => Color.Default,
        SessionState.Receiving => Color.Info,
        SessionState.Sending => Color.Warning,
        SessionState.Storing => Color.Primary,
        _ => Color.Dark,
    };

    private static string Idle(TimeSpan idle) => idle.TotalSeconds < 60
        ? $"{idle.TotalSeconds:0} s"
        : idle.TotalMinutes < 60 ? $"{(int)idle.TotalMinutes} min {idle.Seconds} s" : $"{(int)idle.TotalHours} h {idle.Minutes} min";
}
