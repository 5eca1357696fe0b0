using IocpAdmin.Web.Components.Shared;
using IocpAdmin.Web.Dashboard;
using IocpAdmin.Web.Data;
using Microsoft.AspNetCore.Components.Server.Circuits;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection.Extensions;
using MudBlazor.Services;

namespace IocpAdmin.Web.Hosting;

/// <summary>
/// Registers the console: Blazor with MudBlazor, its database, the dashboard feed, the hub and the
/// audit log. Sign-in is registered on its own: <see cref="Security.SignInRegistration"/>.
/// </summary>
internal static class ConsoleRegistration
{
    public static IServiceCollection AddConsole(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddRazorComponents().AddInteractiveServerComponents();
        services.AddScoped<SignInRedirect>();
        services.AddScoped<CircuitHandler>(sp => sp.GetRequiredService<SignInRedirect>());
        services.AddMudServices();
        // Enums travel as their names, so a tool reads "Receiving" rather than a number.
        services.AddSignalR().AddJsonProtocol(json =>
            json.PayloadSerializerOptions.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter()));

        services.AddConsoleDatabase(configuration);

        services.AddOptions<DashboardOptions>()
            .Bind(configuration.GetSection(DashboardOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();

        services.AddHostedService<ConsoleDatabaseInitializer>();
        services.AddSingleton<AuditLog>();
        services.AddSingleton<ClientDirectory>();
        services.AddSingleton<ProcessIdentities>();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<AdminActions>();
        services.AddSingleton<DashboardFeed>();
        services.AddHostedService(sp => sp.GetRequiredService<DashboardFeed>());
        services.AddOptions<History.HistoryOptions>().Bind(configuration.GetSection(History.HistoryOptions.SectionName));
        services.AddSingleton<History.HistoryStore>();
        if (configuration.GetSection(History.HistoryOptions.SectionName).GetValue(nameof(History.HistoryOptions.Enabled), true))
        {
            services.AddHostedService<History.HistoryRecorder>();
        }
        return services;
    }

    /// <summary>The console's tables, in the records database, with their own migration history.</summary>
    public static IServiceCollection AddConsoleDatabase(this IServiceCollection services, IConfiguration configuration)
    {
        var connectionString = configuration.GetConnectionString("Records") ?? "Data Source=records.db";
        services.AddDbContextFactory<ConsoleDbContext>(options => options.UseSqlite(connectionString,
            sqlite => sqlite.MigrationsHistoryTable(ConsoleDbContext.MigrationsHistoryTable)));
        return services;
    }
}
