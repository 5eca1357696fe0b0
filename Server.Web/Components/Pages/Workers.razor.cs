using IocpAdmin.Server.Diagnostics;
using IocpAdmin.Web.Components.Shared;

namespace IocpAdmin.Web.Components.Pages;

/// <summary>One row per worker thread, following the feed.</summary>
public sealed partial class Workers : LivePage
{
    private EngineSnapshot? _snapshot;

    private string Interval => $"{Feed.Interval.TotalSeconds:0.##} s";

    protected override void TakeSnapshot() => _snapshot = Feed.Latest;

    protected override Task OnSnapshotAsync(EngineSnapshot snapshot)
    {
        _snapshot = snapshot;
        StateHasChanged();
        return Task.CompletedTask;
    }
}
