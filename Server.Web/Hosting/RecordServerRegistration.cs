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
        services.AddSingleton(sp => new RecordServer(
            sp.GetRequiredService<IOptions<EngineOptions>>().Value,
            sp.GetRequiredService<IOptions<StoreOptions>>().Value,
            sp.GetRequiredService<ILoggerFactory>()));
        // The host cancels hosted services' StopAsync at its ShutdownTimeout (30 s by default): it
        // must outlast the drain, the abort grace and the store's final commit, or a long drain
        // setting would be cut short with requests unanswered.
        services.AddOptions<HostOptions>().Configure<IOptions<EngineOptions>>((host, engine) =>
        {
            var needed = TimeSpan.FromSeconds(engine.Value.ShutdownDrainSeconds + 15);
            host.ShutdownTimeout = needed > host.ShutdownTimeout ? needed : host.ShutdownTimeout;
        });
        services.AddHostedService<RecordServerHostedService>();
        services.AddHealthChecks().AddCheck<RecordServerHealthCheck>("record-server");
        return services;
    }
}
