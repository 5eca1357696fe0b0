using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Server.Circuits;

namespace IocpAdmin.Web.Components.Shared;

/// <summary>
/// Sends a page whose sign-in has ended to the sign-in page, once per circuit, and only while a
/// browser is connected to it. The tab that signed out has already left: its circuit lingers
/// disconnected for a while, turns anonymous at its next check, and a navigation sent to it would
/// wait 60 s for a browser that is gone, then log an unhandled error. A tab that reconnects later
/// is sent on then.
/// </summary>
internal sealed class SignInRedirect : CircuitHandler
{
    private readonly Lock _gate = new();
    private NavigationManager? _pending;
    private bool _requested;
    private bool _down;

    /// <summary>From a component of the page (on the renderer's context).</summary>
    public void Request(NavigationManager navigation)
    {
        lock (_gate)
        {
            if (_requested)
            {
                return;
            }

            _requested = true;
            if (_down)
            {
                _pending = navigation;
                return;
            }
        }

        Go(navigation);
    }

    public override Task OnConnectionDownAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            _down = true;
        }

        return Task.CompletedTask;
    }

    public override Task OnConnectionUpAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        NavigationManager? pending;
        lock (_gate)
        {
            _down = false;
            pending = _pending;
            _pending = null;
        }

        if (pending is not null)
        {
            Go(pending);
        }

        return Task.CompletedTask;
    }

    private static void Go(NavigationManager navigation) =>
        navigation.NavigateTo($"account/login?returnUrl={Uri.EscapeDataString(navigation.ToBaseRelativePath(navigation.Uri))}", forceLoad: true);
}
