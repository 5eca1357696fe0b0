using IocpAdmin.Web.Dashboard;
using IocpAdmin.Web.Data;
using IocpAdmin.Web.Security;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.EntityFrameworkCore;
using MudBlazor.Services;

namespace IocpAdmin.Web.Hosting;

/// <summary>Registers the console: Blazor with MudBlazor, sign-in and roles, the dashboard feed, the hub and the audit log.</summary>
internal static class ConsoleRegistration
{
    public static IServiceCollection AddConsole(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddRazorComponents().AddInteractiveServerComponents();
        services.AddMudServices();
        // Enums travel as their names, so a tool reads "Receiving" rather than a number.
        services.AddSignalR().AddJsonProtocol(json =>
            json.PayloadSerializerOptions.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter()));

        var connectionString = configuration.GetConnectionString("Records") ?? "Data Source=records.db";
        services.AddDbContextFactory<ConsoleDbContext>(options => options.UseSqlite(connectionString,
            sqlite => sqlite.MigrationsHistoryTable(ConsoleDbContext.MigrationsHistoryTable)));

        services.AddOptions<ConsoleAuthOptions>()
            .Bind(configuration.GetSection(ConsoleAuthOptions.SectionName))
            .ValidateDataAnnotations()
            .Validate(o => o.Users.All(u => PasswordHashing.LooksValid(u.PasswordHash)),
                "Auth:Users: a PasswordHash is not a hash from `dotnet Server.Web.dll hash-password`")
            .Validate(o => o.Users.Select(u => u.Name.ToUpperInvariant()).Distinct().Count() == o.Users.Count,
                "Auth:Users: a name appears twice")
            .ValidateOnStart();
        services.AddOptions<DashboardOptions>()
            .Bind(configuration.GetSection(DashboardOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();

        var sessionHours = configuration.GetSection(ConsoleAuthOptions.SectionName).GetValue(nameof(ConsoleAuthOptions.SessionHours), 8);
        services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme)
            .AddCookie(options =>
            {
                options.Cookie.Name = "IocpAdmin.Auth";
                options.Cookie.HttpOnly = true;
                options.Cookie.SameSite = SameSiteMode.Strict;
                options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                options.LoginPath = "/account/login";
                options.AccessDeniedPath = "/account/denied";
                options.ExpireTimeSpan = TimeSpan.FromHours(Math.Clamp(sessionHours, 1, 720));
                options.SlidingExpiration = true;
                // A tool calling the hub or the circuit gets a status code, not a login page.
                options.Events.OnRedirectToLogin = context => Challenge(context, StatusCodes.Status401Unauthorized);
                options.Events.OnRedirectToAccessDenied = context => Challenge(context, StatusCodes.Status403Forbidden);
            });
        services.AddConsolePolicies();
        services.AddCascadingAuthenticationState();

        services.AddHostedService<ConsoleDatabaseInitializer>();
        services.AddSingleton<ConsoleUsers>();
        services.AddSingleton<AuditLog>();
        services.AddSingleton<ClientDirectory>();
        services.AddSingleton<AdminActions>();
        services.AddSingleton<DashboardFeed>();
        services.AddHostedService(sp => sp.GetRequiredService<DashboardFeed>());
        return services;
    }

    /// <summary>The roles' policies, and a fallback that makes every endpoint require a signed-in user.</summary>
    public static IServiceCollection AddConsolePolicies(this IServiceCollection services)
    {
        services.AddAuthorizationBuilder()
            .AddPolicy(Policies.View, policy => policy.RequireRole(Roles.Operator, Roles.Support))
            .AddPolicy(Policies.Act, policy => policy.RequireRole(Roles.Support))
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build());
        return services;
    }

    private static Task Challenge(Microsoft.AspNetCore.Authentication.RedirectContext<CookieAuthenticationOptions> context, int status)
    {
        var path = context.Request.Path;
        if (path.StartsWithSegments("/hubs") || path.StartsWithSegments("/_blazor") || path.StartsWithSegments("/healthz"))
        {
            context.Response.StatusCode = status;
            return Task.CompletedTask;
        }

        context.Response.Redirect(context.RedirectUri);
        return Task.CompletedTask;
    }
}
