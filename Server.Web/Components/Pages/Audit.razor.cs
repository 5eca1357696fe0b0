using IocpAdmin.Web.Dashboard;
using IocpAdmin.Web.Data;
using IocpAdmin.Web.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using MudBlazor;

namespace IocpAdmin.Web.Components.Pages;

/// <summary>
/// Who disconnected which client, who changed which record, who signed in: newest first, from the
/// database. Above them, the accounts that failed sign-ins have locked, which Support can unlock.
/// </summary>
public sealed partial class Audit
{
    private static readonly (string Key, string Label, TimeSpan? Span)[] s_ranges =
    [
        ("all", "Any time", null),
        ("15m", "Last 15 minutes", TimeSpan.FromMinutes(15)),
        ("1h", "Last hour", TimeSpan.FromHours(1)),
        ("24h", "Last 24 hours", TimeSpan.FromHours(24)),
        ("7d", "Last 7 days", TimeSpan.FromDays(7)),
    ];

    // New entries reload the grid at most this often, however many are written.
    private static readonly TimeSpan s_liveInterval = TimeSpan.FromMilliseconds(500);

    private MudDataGrid<AuditEntry>? _grid;
    private string? _search;
    private string? _user;
    private string? _action;
    private string _range = "all";
    private int _total;
    private int _pendingReload;
    private IReadOnlyList<AccountLockout> _locked = [];
    private bool _canAct;

    [Inject]
    private AuditLog Log { get; set; } = default!;

    [Inject]
    private AccountLockouts Lockouts { get; set; } = default!;

    [Inject]
    private AdminActions Actions { get; set; } = default!;

    [Inject]
    private IDialogService Dialogs { get; set; } = default!;

    [Inject]
    private ISnackbar Snackbar { get; set; } = default!;

    [Inject]
    private IAuthorizationService Authorization { get; set; } = default!;

    [CascadingParameter]
    private Task<AuthenticationState> AuthenticationState { get; set; } = default!;

    protected override async Task OnParametersSetAsync()
    {
        // Decided for the page, again whenever the sign-in changes; the action checks again on the server.
        _canAct = (await Authorization.AuthorizeAsync((await AuthenticationState).User, Policies.Act)).Succeeded;
        _locked = await Lockouts.LockedAsync(CancellationToken.None);
    }

    private AuditQuery Query => new(_user, _action, s_ranges.FirstOrDefault(r => r.Key == _range).Span is { } span ? DateTime.UtcNow - span : null, _search);

    protected override void OnInitialized() => Log.Recorded += OnRecorded;

    public void Dispose() => Log.Recorded -= OnRecorded;

    private async Task<GridData<AuditEntry>> LoadAsync(GridState<AuditEntry> state, CancellationToken cancellationToken)
    {
        var (items, total) = await Log.PageAsync(state.Page, state.PageSize, Query, cancellationToken);
        if (total != _total)
        {
            _total = total;
            // The count lives outside the grid, which re-renders only itself.
            _ = InvokeAsync(StateHasChanged);
        }

        return new GridData<AuditEntry> { Items = items, TotalItems = total };
    }

    /// <summary>On the writer's thread: one reload soon, whatever the number of entries written meanwhile.</summary>
    private void OnRecorded()
    {
        if (Interlocked.Exchange(ref _pendingReload, 1) == 0)
        {
            _ = InvokeAsync(async () =>
            {
                await Task.Delay(s_liveInterval);
                Volatile.Write(ref _pendingReload, 0);
                await ReloadAsync();
            });
        }
    }

    private async Task ReloadAsync()
    {
        if (_grid is not null)
        {
            await _grid.ReloadServerData();
        }

        StateHasChanged();
    }

    private Task OnSearchChanged(string? search)
    {
        _search = search;
        return ReloadAsync();
    }

    private Task OnUserChanged(string? user)
    {
        _user = user;
        return ReloadAsync();
    }

    private Task OnActionChanged(string? action)
    {
        _action = action;
        return ReloadAsync();
    }

    private Task OnRangeChanged(string? range)
    {
        _range = range ?? "all";
        return ReloadAsync();
    }

    private async Task UnlockAsync(string account)
    {
        var confirmed = await Dialogs.ShowMessageBoxAsync(
            $"Unlock {account}?",
            "Its lock is lifted and its failed sign-ins forgotten: anyone with its password can sign in again at once.",
            yesText: "Unlock", cancelText: "Cancel");
        if (confirmed != true)
        {
            return;
        }

        try
        {
            var done = await Actions.UnlockAccountAsync((await AuthenticationState).User, account);
            Snackbar.Add(done ? $"{account} unlocked." : $"{account} was no longer locked.", done ? Severity.Success : Severity.Info);
        }
        catch (ForbiddenActionException ex)
        {
            Snackbar.Add(ex.Message, Severity.Error);
        }

        _locked = await Lockouts.LockedAsync(CancellationToken.None);
        await ReloadAsync();
    }
}
