using IocpAdmin.Server.Engine;
using IocpAdmin.Server.Engine.Transport;
using IocpAdmin.Server.Storage;
using IocpAdmin.Web.Api;
using IocpAdmin.Web.Components;
using IocpAdmin.Web.Data;
using IocpAdmin.Web.Hosting;
using IocpAdmin.Web.Hubs;
using IocpAdmin.Web.Security;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

if (args is [HashPasswordCommand.Verb, ..])
{
    return HashPasswordCommand.Run();
}

if (args is [TokenCommand.Verb, ..])
{
    return await TokenCommand.RunAsync(args);
}

// The content root is the app's own folder, where the build copies the top-level appsettings.json,
// so the server reads the same configuration wherever it is started from.
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
// Serve the component library's assets from a build as well as from a publish, in every environment.
builder.WebHost.UseStaticWebAssets();
builder.Services.AddRecordServer(builder.Configuration);
builder.Services.AddConsole(builder.Configuration);
builder.Services.AddConsoleSignIn(builder.Configuration);
builder.AddConsoleKeys();
builder.Services.AddSingleton(ConsoleExposure.Of(builder.Configuration));

var app = builder.Build();
if (!app.Environment.IsDevelopment())
{
    app.UseExceptionHandler("/error", createScopeForErrors: true);
    // Strict-Transport-Security on HTTPS responses (not for localhost, as browsers would keep it).
    app.UseHsts();
}

app.UseSecurityHeaders();
// A page a browser asks for that does not exist gets the console's own Not found page (404 kept),
// not the browser's bare error; API and tool requests keep their own answers.
app.UseWhen(context => HttpMethods.IsGet(context.Request.Method) && context.Request.Headers.Accept.ToString().Contains("text/html", StringComparison.OrdinalIgnoreCase),
    html => html.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true));
// Routing after it, so a re-executed request is routed again (to the Not found page).
app.UseRouting();

app.UseApiAudit();
app.UseRateLimiter();
app.UseAuthentication();
app.UseAuthorization();
app.UseAntiforgery();
app.MapStaticAssets().AllowAnonymous();
app.MapHealthChecks("/healthz", new HealthCheckOptions { ResponseWriter = HealthResponseWriter.WriteAsync }).AllowAnonymous();
// A connection ends when its cookie expires; ended sign-ins are closed sooner (Security.HubSignIns).
app.MapHub<DashboardHub>("/hubs/dashboard", hub => hub.CloseOnAuthenticationExpiration = true);
app.MapAccountEndpoints();
app.MapApi();
app.MapAuditExport();
// The Content-Security-Policy of every response (SecurityHeaders) has frame-ancestors 'self' already:
// one policy, not Blazor's second header beside it.
app.MapRazorComponents<App>().AddInteractiveServerRenderMode(server => server.ContentSecurityFrameAncestorsPolicy = null);

// Taken now: RunAsync disposes the host, after which the lifetime service cannot be resolved.
var stopping = app.Lifetime.ApplicationStopping;
try
{
    // Resolve the options first, so that a bad value is reported before anything starts.
    _ = app.Services.GetRequiredService<IOptions<EngineOptions>>().Value;
    _ = app.Services.GetRequiredService<IOptions<StoreOptions>>().Value;
    _ = app.Services.GetRequiredService<IOptions<ConsoleAuthOptions>>().Value;
    var exposure = app.Services.GetRequiredService<ConsoleExposure>();
    if (exposure.Refusal() is { } refusal)
    {
        await Console.Error.WriteLineAsync($"error: {refusal}");
        return 1;
    }

    if (exposure.InsecureRemote)
    {
        IocpAdmin.Web.Diagnostics.Log.InsecureRemote(app.Logger, string.Join(", ", exposure.InsecureRemoteUrls));
    }

    ConsoleKeys.LogWhere(app.Services);
    await app.RunAsync();
    return 0;
}
catch (Exception ex) when (ex is OptionsValidationException or PipeUnavailableException or StoreUnavailableException
                               or InvalidOperationException { Source: "Microsoft.Extensions.Configuration.Binder" })
{
    // Configuration and environment problems get one clear line, not a stack trace.
    await Console.Error.WriteLineAsync($"error: {ex.Message}");
    return 1;
}
catch (OperationCanceledException) when (stopping.IsCancellationRequested)
{
    // SIGTERM or Ctrl+C before the start finished: a requested stop, not a failure.
    await Console.Error.WriteLineAsync("stopped: a shutdown was requested before the server finished starting");
    return 0;
}
#pragma warning disable CA1031 // The process boundary: whatever ended the host is reported, then the process exits.
catch (Exception ex)
#pragma warning restore CA1031
{
    // Anything else that ends the host, such as a web port already in use or a start-up service
    // that failed: one clear line and exit code 1. Left unhandled it aborted the process with a
    // stack trace; under Wine, and on Windows with a debugger registered, the process then stayed
    // up half-stopped, waiting for a debugger, and answered every pipe client BUSY.
    await Console.Error.WriteLineAsync($"error: the server stopped: {StartFailure.Describe(ex)}");
    return 1;
}
