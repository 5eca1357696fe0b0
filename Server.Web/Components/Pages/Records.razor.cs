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
/// The records, paged by key (<see cref="RecordPager"/>: writes between two pages neither skip nor
/// repeat a row), from an id on, in either order. Adds and deletes go through the store's writer
/// like any pipe client's, and are audited.
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
    private readonly RecordPager _pager = new();
    private int _pagerMoves;

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
        var descending = state.SortDefinitions.FirstOrDefault()?.Descending ?? false;
        if (descending != _descending)
        {
            _descending = descending;
            // The jump field's label says the direction; it lives outside the grid, which re-renders only itself.
            _ = InvokeAsync(StateHasChanged);
        }

        await using var context = Server.Store.CreateDbContext();
        var page = await _pager.ReadAsync(context.Records.AsNoTracking(), Server.Store.Count,
            new RecordPageRequest(state.Page, state.PageSize, descending, _from), cancellationToken);
        if (page.Page != state.Page && _grid is { } grid)
        {
            if (_pagerMoves++ < 3)
            {
                // The rows are another page than the one the pager asked for (rows were written
                // meanwhile): move it there once the grid has taken this page (its continuation is
                // queued behind this one), so its caption says what is shown.
                _ = InvokeAsync(async () =>
                {
                    await Task.Yield();
#pragma warning disable BL0005 // The grid's own way to go to a page by index: it reloads that page.
                    grid.CurrentPage = page.Page;
#pragma warning restore BL0005
                });
            }
            else
            {
                // Writes keep moving the rows faster than the pager follows: the grid stays where it
                // is, and its next page is read by offset, not keyed on rows it does not show there.
                _pager.Forget();
                _pagerMoves = 0;
            }
        }
        else
        {
            _pagerMoves = 0;
        }

        return new GridData<StoredRecord> { Items = page.Items, TotalItems = (int)Math.Min(int.MaxValue, page.Total) };
    }

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
