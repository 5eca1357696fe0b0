using IocpAdmin.Web.Components.Shared;
using IocpAdmin.Web.Dashboard;
using IocpAdmin.Web.Data;
using Microsoft.AspNetCore.Components.Server.Circuits;
using Microsoft.EntityFrameworkCore;
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

        var connectionString = configuration.GetConnectionString("Records") ?? "Data Source=records.db";
        services.AddDbContextFactory<ConsoleDbContext>(options => options.UseSqlite(connectionString,
            sqlite => sqlite.MigrationsHistoryTable(ConsoleDbContext.MigrationsHistoryTable)));

        services.AddOptions<DashboardOptions>()
            .Bind(configuration.GetSection(DashboardOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();

        services.AddHostedService<ConsoleDatabaseInitializer>();
        services.AddSingleton<AuditLog>();
        services.AddSingleton<ClientDirectory>();
        services.AddSingleton<AdminActions>();
        services.AddSingleton<DashboardFeed>();
        services.AddHostedService(sp => sp.GetRequiredService<DashboardFeed>());
        return services;
    }
}
