using System.Globalization;
using IocpAdmin.Server.Diagnostics;
using IocpAdmin.Server.Sessions;
using IocpAdmin.Web.Dashboard;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace IocpAdmin.Web.Components.Pages;

// The Clients page's selection in the URL: its filters, sort and view are query parameters, so a
// link (or a reload) shows the same selection; every change of the selection goes through the URL.
public sealed partial class Clients
{
    // The filters, the sort and the view live in the URL: a link shows the same selection.
    [SupplyParameterFromQuery(Name = "state")]
    public string? StateQuery { get; set; }

    // Numbers are taken as text: "?pid=abc" is no filter, not an error page.
    [SupplyParameterFromQuery(Name = "idle")]
    public string? IdleQuery { get; set; }

    [SupplyParameterFromQuery(Name = "q")]
    public string? SearchQuery { get; set; }

    [SupplyParameterFromQuery(Name = "verdict")]
    public string? VerdictQuery { get; set; }

    [SupplyParameterFromQuery(Name = "pid")]
    public string? ProcessQuery { get; set; }

    [SupplyParameterFromQuery(Name = "sort")]
    public string? SortQuery { get; set; }

    [SupplyParameterFromQuery(Name = "desc")]
    public string? DescendingQuery { get; set; }

    [SupplyParameterFromQuery(Name = "view")]
    public string? ViewQuery { get; set; }

    private void UpdateUrl() => Navigation.NavigateTo(Navigation.GetUriWithQueryParameters(new Dictionary<string, object?>
    {
        ["state"] = _state?.ToString(),
        ["idle"] = _idleSeconds,
        ["q"] = _search,
        ["verdict"] = _verdict is { } verdict ? VerdictKinds.Name(verdict) : null,
        ["pid"] = _pid,
        ["sort"] = _sortBy,
        ["desc"] = _descending ? true : null,
        ["view"] = _grouped ? "groups" : null,
    }), replace: true);

    /// <summary>This page, as it is now, showing only the clients of one process.</summary>
    private string ProcessLink(int pid) => Navigation.GetUriWithQueryParameter("pid", pid);

    private SortDirection Initial(string column) =>
        string.Equals(_sortBy, column, StringComparison.Ordinal) ? (_descending ? SortDirection.Descending : SortDirection.Ascending) : SortDirection.None;

    private void OnStateChanged(SessionState? state)
    {
        _state = state;
        UpdateUrl();
    }

    private void OnIdleChanged(int? seconds)
    {
        _idleSeconds = seconds;
        UpdateUrl();
    }

    private void OnSearchChanged(string? search)
    {
        _search = search;
        UpdateUrl();
    }

    private void OnVerdictChanged(ClientVerdictKind? verdict)
    {
        _verdict = verdict;
        UpdateUrl();
    }

    private void OnProcessChanged(int? pid)
    {
        _pid = pid;
        UpdateUrl();
    }

    private void OnGroupedChanged(bool grouped)
    {
        _grouped = grouped;
        UpdateUrl();
    }

    private void OnGroupClicked(ProcessGroup? group)
    {
        if (group?.ProcessId is { } pid)
        {
            _pid = pid;
            _grouped = false;
            UpdateUrl();
        }
    }
}
