using IocpAdmin.Server.Diagnostics;
using IocpAdmin.Web.Dashboard;
using Microsoft.AspNetCore.Components;

namespace IocpAdmin.Web.Components.Pages;

/// <summary>One row per worker thread, following the feed.</summary>
public sealed partial class Workers : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private EngineSnapshot? _snapshot;

    [Inject]
    private DashboardFeed Feed { get; set; } = default!;

    private string Interval => $"{Feed.Interval.TotalSeconds:0.##} s";

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _stop.Dispose();
    }

    protected override void OnInitialized()
    {
        _snapshot = Feed.Latest;
        if (RendererInfo.IsInteractive)
        {
            _ = FollowAsync();
        }
    }

    private async Task FollowAsync()
    {
        try
        {
            await foreach (var snapshot in Feed.SubscribeAsync(_stop.Token))
            {
                await InvokeAsync(() =>
                {
                    _snapshot = snapshot;
                    StateHasChanged();
                });
            }
        }
        catch (OperationCanceledException)
        {
            // The page was closed.
        }
    }
}
