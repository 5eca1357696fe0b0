using IocpAdmin.Web.Data;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace IocpAdmin.Web.Components.Pages;

/// <summary>Who disconnected which client, who changed which record, who signed in: newest first, from the database.</summary>
public sealed partial class Audit
{
    private MudDataGrid<AuditEntry>? _grid;
    private string? _search;

    [Inject]
    private AuditLog Log { get; set; } = default!;

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
}
