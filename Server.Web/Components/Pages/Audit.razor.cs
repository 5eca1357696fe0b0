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
    private MudDataGrid<AuditEntry>? _grid;
    private string? _search;
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

    private async Task<GridData<AuditEntry>> LoadAsync(GridState<AuditEntry> state, CancellationToken cancellationToken)
    {
        var (items, total) = await Log.PageAsync(state.Page, state.PageSize, _search, cancellationToken);
        return new GridData<AuditEntry> { Items = items, TotalItems = total };
    }

    private async Task OnSearchChanged(string? search)
    {
        _search = search;
        if (_grid is not null)
        {
            await _grid.ReloadServerData();
        }
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
        if (_grid is not null)
        {
            await _grid.ReloadServerData();
        }
    }
}
