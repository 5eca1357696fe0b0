using IocpAdmin.Server.Diagnostics;
using IocpAdmin.Server.Engine;
using IocpAdmin.Server.Storage;
using Microsoft.Extensions.Options;

namespace IocpAdmin.Web.Hosting;

/// <summary>Registers the record server, its validated options, its hosted service and its health check.</summary>
internal static class RecordServerRegistration
{
    public static IServiceCollection AddRecordServer(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<EngineOptions>()
            .Bind(configuration.GetSection(EngineOptions.SectionName))
            .ValidateDataAnnotations()
            .Validate(o => o.Concurrency is null || o.Concurrency <= o.EffectiveWorkers,
                "Engine:Concurrency cannot exceed Engine:Workers (a released worker must exist to run).")
            .ValidateOnStart();
        services.AddOptions<StoreOptions>()
            .Bind(configuration.GetSection(StoreOptions.SectionName))
            .Configure(o => o.ConnectionString = configuration.GetConnectionString("Records") ?? o.ConnectionString)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddOptions<DiagnosticsOptions>()
            .Bind(configuration.GetSection(DiagnosticsOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton(sp => new RecordServer(
            sp.GetRequiredService<IOptions<EngineOptions>>().Value,
            sp.GetRequiredService<IOptions<StoreOptions>>().Value,
            sp.GetRequiredService<ILoggerFactory>(),
            sp.GetRequiredService<IOptions<DiagnosticsOptions>>().Value));
        // The host cancels hosted services' StopAsync at its ShutdownTimeout (30 s by default): it
        // must outlast the drain, the abort grace and the store's final commit, or a long drain
        // setting would be cut short with requests unanswered.
        // Read raw, not through the validated EngineOptions: the host resolves HostOptions before
        // the start-up check that turns a bad setting into one clear line, and must not throw first.
        services.Configure<HostOptions>(host =>
        {
            var drain = configuration.GetSection(EngineOptions.SectionName)[nameof(EngineOptions.ShutdownDrainSeconds)];
            var seconds = int.TryParse(drain, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var value)
                ? Math.Min(value, 3_600)
                : new EngineOptions().ShutdownDrainSeconds;
            var needed = TimeSpan.FromSeconds(seconds + 15);
            host.ShutdownTimeout = needed > host.ShutdownTimeout ? needed : host.ShutdownTimeout;
        });
        services.AddHostedService<RecordServerHostedService>();
        services.AddHealthChecks().AddCheck<RecordServerHealthCheck>("record-server");
        return services;
    }
}
