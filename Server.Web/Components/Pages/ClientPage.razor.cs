using System.Globalization;
using IocpAdmin.Protocol;
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
/// One client: who it is, what it is doing in words with the evidence (a half frame and when the
/// timeout closes it, answers it does not read, a commit it waits for), and its recent history;
/// once it has gone, how it ended. Refreshed with the feed.
/// </summary>
public sealed partial class ClientPage : LivePage
{
    private static int PipeEngineCapacity => RecordServer.RecentlyClosedCapacity;
    private static int SessionHistoryCapacity => RecordServer.HistoryCapacity;

    private ClientDetail? _detail;
    private IReadOnlyList<HistoryEvent> _history = [];
    private List<BreadcrumbItem> _crumbs = [];
    private bool _canAct;
    private bool _acting;

    [Parameter]
    public long Id { get; set; }

    [Inject]
    private ClientDirectory Directory { get; set; } = default!;

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
        _crumbs = [new BreadcrumbItem("Clients", "clients"), new BreadcrumbItem(Id.ToString(CultureInfo.InvariantCulture), null, disabled: true)];
        _canAct = (await Authorization.AuthorizeAsync((await AuthenticationState).User, Policies.Act)).Succeeded;
        Load();
    }

    protected override Task OnSnapshotAsync(EngineSnapshot snapshot)
    {
        Load();
        StateHasChanged();
        return Task.CompletedTask;
    }

    private void Load()
    {
        _detail = Directory.Detail(Id);
        _history = _detail?.History.Reverse().ToList() ?? [];
    }

    private async Task DisconnectAsync()
    {
        if (_detail?.Now is not { } now)
        {
            return;
        }

        var user = (await AuthenticationState).User;
        var selection = string.Create(CultureInfo.InvariantCulture, $"Client {now.Id}: {now.Verdict.Text}.");
        if (await DisconnectFlow.AskAsync(Dialogs, user, [now.Id], selection, requireTypedCount: false, canQuarantine: true) is not { } request)
        {
            return;
        }

        _acting = true;
        try
        {
            await DisconnectFlow.RunAsync(Actions, Snackbar, user, request);
        }
        catch (Exception ex) when (ex is ForbiddenActionException or InvalidActionException)
        {
            Snackbar.Add(ex.Message, Severity.Error);
        }
        finally
        {
            _acting = false;
        }

        Load();
    }

    private static Severity SeverityOf(ClientVerdictKind kind) => kind switch
    {
        ClientVerdictKind.HalfFrame or ClientVerdictKind.NotReading => Severity.Warning,
        ClientVerdictKind.Active or ClientVerdictKind.WaitingForCommit => Severity.Success,
        _ => Severity.Info,
    };

    private static string Capitalized(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];

    private static string Partial(SessionSnapshot client) => client.PartialFor is { } since
        ? string.Create(CultureInfo.InvariantCulture,
            $"{client.PartialBytes:N0} of {(client.PartialFrameSize > 0 ? client.PartialFrameSize.ToString("N0", CultureInfo.InvariantCulture) : "?")} bytes for {ClientVerdict.Duration(since)} (the limit is {ClientVerdict.Duration(client.PartialFrameTimeout)})")
        : "none";

    private static string EventName(HistoryEvent e) => e.Kind switch
    {
        HistoryEventKind.State => "→ " + StateNames.Of(e.State),
        HistoryEventKind.Request => e.Request == RequestKind.None ? "bad frame" : RequestNames.Of(e.Request),
        _ => "commit",
    };

    private static string EventDetail(HistoryEvent e) => e.Kind switch
    {
        HistoryEventKind.State => e.State.ToString(),
        HistoryEventKind.Request => string.Create(CultureInfo.InvariantCulture, $"{e.Bytes} bytes → {RequestNames.Of(e.Status)}"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{e.Bytes} writes → {(e.Status == StatusKind.Ok ? "committed" : "failed")}"),
    };
}
