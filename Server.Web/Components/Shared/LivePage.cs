using IocpAdmin.Server.Diagnostics;
using IocpAdmin.Web.Dashboard;
using Microsoft.AspNetCore.Components;

namespace IocpAdmin.Web.Components.Shared;

/// <summary>
/// A page that follows the engine, in the manner of Aspire's dashboard pages: it takes the feed's
/// state when it initializes (so the prerendered HTML already has figures), then, once interactive,
/// consumes the feed's change stream on a task that <see cref="DisposeAsync"/> cancels. Every
/// snapshot reaches the page through <see cref="ComponentBase.InvokeAsync(Func{Task})"/>, on the
/// renderer's context.
/// </summary>
public abstract class LivePage : ComponentBase, IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private Task _following = Task.CompletedTask;

    [Inject]
    private protected DashboardFeed Feed { get; set; } = default!;

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        // The loop ends on the cancellation; waiting for it means no snapshot is applied after disposal.
        await _following;
        _stop.Dispose();
        GC.SuppressFinalize(this);
    }

    protected override void OnInitialized()
    {
        TakeSnapshot();
        // A prerender has no circuit to push to, and is disposed as soon as its HTML is written.
        if (RendererInfo.IsInteractive)
        {
            _following = FollowAsync(_stop.Token);
        }
    }

    /// <summary>Reads what the page shows before the first change arrives: the feed's state now.</summary>
    protected virtual void TakeSnapshot()
    {
    }

    /// <summary>Applies one new snapshot, on the renderer's context; the page decides how much to re-render.</summary>
    protected abstract Task OnSnapshotAsync(EngineSnapshot snapshot);

    private async Task FollowAsync(CancellationToken stop)
    {
        try
        {
            await foreach (var snapshot in Feed.SubscribeAsync(stop))
            {
                await InvokeAsync(() => OnSnapshotAsync(snapshot));
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // The page was closed.
        }
        catch (Exception ex) when (!stop.IsCancellationRequested)
        {
            // Not swallowed: the page's error boundary shows it, as it would an error in a handler.
            await DispatchExceptionAsync(ex);
        }
    }
}
