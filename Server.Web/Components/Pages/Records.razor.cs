using IocpAdmin.Server.Engine;
using IocpAdmin.Server.Storage;
using IocpAdmin.Web.Dashboard;
using IocpAdmin.Web.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.EntityFrameworkCore;
using MudBlazor;

namespace IocpAdmin.Web.Components.Pages;

/// <summary>
/// The records, paged by the database (EF Core), from an id on. Adds and deletes go through the
/// store's writer like any pipe client's, and are audited.
/// </summary>
public sealed partial class Records
{
    private MudDataGrid<StoredRecord>? _grid;
    private long? _jumpTo;
    private long? _from;
    private long? _highlight;
    private bool _descending;
    private int _newA;
    private int _newB;
    private bool _busy;
    private bool _canAct;
    private long _shownTotal;
    private int _shownPage;
    private int _followedToTheEnd;

    [Inject]
    private RecordServer Server { get; set; } = default!;

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

    // Again whenever the sign-in changes (a demoted user loses the buttons); the actions check on the server anyway.
    protected override async Task OnParametersSetAsync() =>
        _canAct = (await Authorization.AuthorizeAsync((await AuthenticationState).User, Policies.Act)).Succeeded;

    private async Task<GridData<StoredRecord>> LoadAsync(GridState<StoredRecord> state, CancellationToken cancellationToken)
    {
        await using var context = Server.Store.CreateDbContext();
        var query = context.Records.AsNoTracking();
        var descending = state.SortDefinitions.FirstOrDefault()?.Descending ?? false;
        if (descending != _descending)
        {
            _descending = descending;
            // The jump field's label says the direction; it lives outside the grid, which re-renders only itself.
            _ = InvokeAsync(StateHasChanged);
        }
        if (_from is { } from)
        {
            // From the id on, in the order shown: up from it ascending, down from it descending.
            query = _descending ? query.Where(r => r.Id <= from) : query.Where(r => r.Id >= from);
        }

        // All records: the store's in-memory count, not a scan of the table (seconds at millions of rows).
        var total = _from is null ? Server.Store.Count : await query.LongCountAsync(cancellationToken);
        var lastPage = LastPage(total, state.PageSize);
        // The pager's "Last page" asks for the last page it counted; "Next page" onto that same page
        // comes from the page before it, and is an ordinary page.
        var askedForTheEnd = state.Page > 0
            && (state.Page > lastPage || (state.Page == LastPage(_shownTotal, state.PageSize) && state.Page != _shownPage + 1) || state.Page == lastPage);
        _shownTotal = total;
        _shownPage = state.Page;
        List<StoredRecord> items;
        if (askedForTheEnd)
        {
            // "Last page" means the end as it is now, whatever was written since the pager counted:
            // the last rows by key (no offset that writes move), then the pager is moved onto them.
            var count = (int)Math.Max(0, total - ((long)lastPage * state.PageSize));
            var fromTheEnd = _descending ? query.OrderBy(r => r.Id) : query.OrderByDescending(r => r.Id);
            items = await fromTheEnd.Take(count).ToListAsync(cancellationToken);
            items.Reverse();
            if (state.Page != lastPage && _grid is { } grid && _followedToTheEnd++ < 3)
            {
                // After the grid has taken this page's total (its continuation is queued behind this one).
                _ = InvokeAsync(async () =>
                {
                    await Task.Yield();
                    grid.NavigateTo(Page.Last);
                });
            }
            else
            {
                _followedToTheEnd = 0;
            }
        }
        else
        {
            var ordered = _descending ? query.OrderByDescending(r => r.Id) : query.OrderBy(r => r.Id);
            items = await ordered.Skip(state.Page * state.PageSize).Take(state.PageSize).ToListAsync(cancellationToken);
        }

        return new GridData<StoredRecord> { Items = items, TotalItems = (int)Math.Min(int.MaxValue, total) };
    }

    private static int LastPage(long total, int pageSize) => total <= 0 ? 0 : (int)((total - 1) / pageSize);

    /// <summary>The row just added or jumped to is marked, so the eye finds it.</summary>
    private string RowClass(StoredRecord record) =>
        record.Id == _highlight ? $"record-row record-{record.Id} record-highlight" : $"record-row record-{record.Id}";

    private async Task JumpAsync()
    {
        _from = _jumpTo;
        _highlight = _jumpTo;
        if (_grid is not null)
        {
            _grid.NavigateTo(Page.First);
            await _grid.ReloadServerData();
        }
    }

    private Task OnJumpKeyUp(KeyboardEventArgs args) => args.Key == "Enter" ? JumpAsync() : Task.CompletedTask;

    private async Task AddAsync()
    {
        _busy = true;
        try
        {
            var id = await Actions.AddRecordAsync((await AuthenticationState).User, _newA, _newB);
            _highlight = (long)id;
            Snackbar.Add($"Added record {id} ({_newA}, {_newB}).", Severity.Success);
        }
        catch (Exception ex) when (ex is ForbiddenActionException or StoreUnavailableException)
        {
            Snackbar.Add(ex.Message, Severity.Error);
        }
        finally
        {
            _busy = false;
        }

        await ReloadAsync();
    }

    private async Task DeleteAsync(StoredRecord record)
    {
        var confirmed = await Dialogs.ShowMessageBoxAsync($"Delete record {record.Id}?",
            $"Record {record.Id} ({record.A}, {record.B}) is deleted for every client. Its id is never given again.",
            yesText: "Delete", cancelText: "Cancel");
        if (confirmed != true)
        {
            return;
        }

        try
        {
            var deleted = await Actions.DeleteRecordAsync((await AuthenticationState).User, (ulong)record.Id);
            Snackbar.Add(deleted ? $"Deleted record {record.Id}." : $"Record {record.Id} was already gone.",
                deleted ? Severity.Success : Severity.Info);
        }
        catch (Exception ex) when (ex is ForbiddenActionException or StoreUnavailableException)
        {
            Snackbar.Add(ex.Message, Severity.Error);
        }

        await ReloadAsync();
    }

    private async Task ReloadAsync()
    {
        if (_grid is not null)
        {
            await _grid.ReloadServerData();
        }
    }
}
