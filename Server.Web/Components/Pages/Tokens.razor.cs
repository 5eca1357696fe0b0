using IocpAdmin.Web.Dashboard;
using IocpAdmin.Web.Security;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using MudBlazor;

namespace IocpAdmin.Web.Components.Pages;

/// <summary>
/// API tokens: anyone signed in makes tokens with their role or less (the secret shown once), and
/// sees them all; a token's maker or Support revokes it.
/// </summary>
public sealed partial class Tokens
{
    private IReadOnlyList<ApiToken> _tokens = [];
    private string _name = "";
    private string _role = Roles.Operator;
    private string? _secret;
    private string? _secretName;
    private bool _busy;
    private bool _isSupport;
    private string _userName = "";

    [Inject]
    private ApiTokens TokenStore { get; set; } = default!;

    [Inject]
    private AdminActions Actions { get; set; } = default!;

    [Inject]
    private IDialogService Dialogs { get; set; } = default!;

    [Inject]
    private ISnackbar Snackbar { get; set; } = default!;

    [CascadingParameter]
    private Task<AuthenticationState> AuthenticationState { get; set; } = default!;

    protected override async Task OnParametersSetAsync()
    {
        var user = (await AuthenticationState).User;
        _isSupport = user.IsInRole(Roles.Support);
        _userName = ConsolePrincipal.NameOf(user);
        _tokens = await TokenStore.ListAsync(CancellationToken.None);
    }

    private async Task CreateAsync()
    {
        _busy = true;
        try
        {
            var (token, secret) = await Actions.CreateTokenAsync((await AuthenticationState).User, _name.Trim(), _role);
            (_secret, _secretName, _name) = (secret, token.Name, "");
        }
        catch (Exception ex) when (ex is ForbiddenActionException or InvalidActionException)
        {
            Snackbar.Add(ex.Message, Severity.Error);
        }
        finally
        {
            _busy = false;
        }

        _tokens = await TokenStore.ListAsync(CancellationToken.None);
    }

    private async Task RevokeAsync(ApiToken token)
    {
        if (await Dialogs.ShowMessageBoxAsync("Revoke the token?", $"Every call made with '{token.Name}' is refused from now on. This cannot be undone.",
                yesText: "Revoke", cancelText: "Cancel") != true)
        {
            return;
        }

        _busy = true;
        try
        {
            var revoked = await Actions.RevokeTokenAsync((await AuthenticationState).User, token);
            Snackbar.Add(revoked ? $"Token '{token.Name}' revoked." : $"Token '{token.Name}' was already revoked.", revoked ? Severity.Success : Severity.Info);
        }
        catch (ForbiddenActionException ex)
        {
            Snackbar.Add(ex.Message, Severity.Error);
        }
        finally
        {
            _busy = false;
        }

        _tokens = await TokenStore.ListAsync(CancellationToken.None);
    }
}
