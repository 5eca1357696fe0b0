using System.Globalization;
using System.Security.Claims;
using IocpAdmin.Web.Dashboard;
using IocpAdmin.Web.Security;
using MudBlazor;

namespace IocpAdmin.Web.Components.Pages;

/// <summary>The console's one way to disconnect: the dialog over the frozen ids, then the action, then its outcome in a snackbar.</summary>
internal static class DisconnectFlow
{
    /// <summary>Shows the dialog; null when cancelled, else what to run.</summary>
    public static async Task<DisconnectRequest?> AskAsync(IDialogService dialogs, ClaimsPrincipal user, IReadOnlyList<long> ids, string selection,
        bool requireTypedCount, bool canQuarantine)
    {
        var dialog = await dialogs.ShowAsync<DisconnectDialog>(ids.Count == 1 ? $"Disconnect client {ids[0]}?" : $"Disconnect {ids.Count:N0} clients?",
            new DialogParameters<DisconnectDialog>
            {
                { d => d.Ids, ids },
                { d => d.Selection, selection },
                { d => d.RequireTypedCount, requireTypedCount },
                { d => d.UserName, ConsolePrincipal.NameOf(user) },
                { d => d.CanQuarantine, canQuarantine },
            },
            new DialogOptions { MaxWidth = MaxWidth.Small, FullWidth = true });
        return await dialog.Result is { Canceled: false, Data: DisconnectRequest request } ? request : null;
    }

    /// <summary>Runs it and says how it went.</summary>
    public static async Task RunAsync(AdminActions actions, ISnackbar snackbar, ClaimsPrincipal user, DisconnectRequest request)
    {
        var outcome = await actions.DisconnectAsync(user, request);
        var ids = request.Ids;
        var all = outcome.StillOpen.Count == 0 && outcome.Closed.Count == ids.Count;
        var quarantine = request.QuarantineKind is { } scope
            ? string.Create(CultureInfo.InvariantCulture, $" Their {(scope == Server.Engine.QuarantineKind.Process ? "processes" : "users")} are quarantined for {Server.Diagnostics.ClientVerdict.Duration(request.QuarantineFor!.Value)}.")
            : "";
        snackbar.Add((ids.Count == 1 ? $"Client {ids[0]}: " : "") + AdminActions.Describe(outcome) + "." + quarantine,
            all ? Severity.Success : outcome.StillOpen.Count > 0 ? Severity.Error : Severity.Warning);
    }
}
