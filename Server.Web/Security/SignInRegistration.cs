using IocpAdmin.Web.Hubs;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace IocpAdmin.Web.Security;

/// <summary>
/// Sign-in in one place: who may sign in (configuration and the database), the cookie, the roles'
/// policies, the rate limit on sign-in attempts, and the server-side sign-in sessions that every
/// request, open page, hub call and hub connection is checked against.
/// </summary>
internal static class SignInRegistration
{
    public const string LoginPath = "/account/login";

    public static IServiceCollection AddConsoleSignIn(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddConsoleAuthOptions(configuration);

        services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme)
            .AddCookie(options =>
            {
                options.Cookie.Name = "IocpAdmin.Auth";
                options.Cookie.HttpOnly = true;
                options.Cookie.SameSite = SameSiteMode.Strict;
                options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                options.LoginPath = LoginPath;
                options.AccessDeniedPath = "/account/denied";
                options.SlidingExpiration = true;
                options.EventsType = typeof(ConsoleCookieEvents);
            })
            .AddScheme<Microsoft.AspNetCore.Authentication.AuthenticationSchemeOptions, ApiTokenAuthentication>(ApiTokenAuthentication.SchemeName, null);
        // The cookie lasts as long as the server-side session it names (Auth:SessionHours, validated).
        services.AddOptions<CookieAuthenticationOptions>(CookieAuthenticationDefaults.AuthenticationScheme)
            .Configure<IOptions<ConsoleAuthOptions>>((cookie, auth) => cookie.ExpireTimeSpan = TimeSpan.FromHours(auth.Value.SessionHours));
        services.AddConsolePolicies();
        services.AddCascadingAuthenticationState();
        services.AddSingleton<ConsoleCookieEvents>();
        services.AddSignInChecks();
        // Replaces the circuit's default provider, which keeps the principal it started with.
        services.AddScoped<AuthenticationStateProvider, ConsoleAuthenticationStateProvider>();
        services.AddSingleton<SignInHubFilter>();
        // The dashboard hub only: Blazor's own circuit hub is checked by the authentication state provider.
        services.AddSignalR().AddHubOptions<DashboardHub>(hub => hub.AddFilter<SignInHubFilter>());
        services.AddSingleton<HubSignIns>();
        services.AddHostedService(sp => sp.GetRequiredService<HubSignIns>());
        services.AddSignInRateLimiting(configuration);
        services.AddSingleton<AccountLockouts>();
        return services;
    }

    /// <summary><c>Auth</c>, bound and validated, each configured user included; checked again on every reload.</summary>
    public static IServiceCollection AddConsoleAuthOptions(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ConsoleAuthOptions>()
            .Bind(configuration.GetSection(ConsoleAuthOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ConsoleAuthOptions>, ConfiguredUsersValidator>());
        return services;
    }

    /// <summary>Users, sign-in sessions and the check of a principal against them.</summary>
    public static IServiceCollection AddSignInChecks(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<ConsoleUsers>();
        services.AddSingleton<SignInSessions>();
        services.AddSingleton<ApiTokens>();
        services.AddSingleton<SignInValidator>();
        return services;
    }

    /// <summary>The roles' policies, and a fallback that makes every endpoint require a signed-in user.</summary>
    public static IServiceCollection AddConsolePolicies(this IServiceCollection services)
    {
        services.AddAuthorizationBuilder()
            .AddPolicy(Policies.View, policy => policy.RequireRole(Roles.Operator, Roles.Support))
            .AddPolicy(Policies.Act, policy => policy.RequireRole(Roles.Support))
            .AddPolicy(Policies.ApiView, policy => policy.AddAuthenticationSchemes(ApiTokenAuthentication.SchemeName).RequireRole(Roles.Operator, Roles.Support))
            .AddPolicy(Policies.ApiAct, policy => policy.AddAuthenticationSchemes(ApiTokenAuthentication.SchemeName).RequireRole(Roles.Support))
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build());
        return services;
    }
}
