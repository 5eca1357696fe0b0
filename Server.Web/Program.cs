using IocpAdmin.Server.Engine;
using IocpAdmin.Server.Engine.Transport;
using IocpAdmin.Server.Storage;
using IocpAdmin.Web.Hosting;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

// The content root is the app's own folder, where the build copies the top-level appsettings.json,
// so the server reads the same configuration wherever it is started from.
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
builder.Services.AddRecordServer(builder.Configuration);

var app = builder.Build();
app.MapHealthChecks("/healthz", new HealthCheckOptions { ResponseWriter = HealthResponseWriter.WriteAsync });

try
{
    // Resolve the options first, so that a bad value is reported before anything starts.
    _ = app.Services.GetRequiredService<IOptions<EngineOptions>>().Value;
    _ = app.Services.GetRequiredService<IOptions<StoreOptions>>().Value;
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
