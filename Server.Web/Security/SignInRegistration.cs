using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;

namespace IocpAdmin.Web.Security;

/// <summary>
/// Sign-in in one place: who may sign in (configuration and the database), the cookie, the roles'
/// policies, and the rate limit on sign-in attempts.
/// </summary>
internal static class SignInRegistration
{
    public const string LoginPath = "/account/login";

    public static IServiceCollection AddConsoleSignIn(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ConsoleAuthOptions>()
            .Bind(configuration.GetSection(ConsoleAuthOptions.SectionName))
            .ValidateDataAnnotations()
            .Validate(o => o.Users.All(u => PasswordHashing.LooksValid(u.PasswordHash)),
                "Auth:Users: a PasswordHash is not a hash from `dotnet Server.Web.dll hash-password`")
            .Validate(o => o.Users.Select(u => u.Name.ToUpperInvariant()).Distinct().Count() == o.Users.Count,
                "Auth:Users: a name appears twice")
            .ValidateOnStart();

        var sessionHours = configuration.GetSection(ConsoleAuthOptions.SectionName).GetValue(nameof(ConsoleAuthOptions.SessionHours), 8);
        services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme)
            .AddCookie(options =>
            {
                options.Cookie.Name = "IocpAdmin.Auth";
                options.Cookie.HttpOnly = true;
                options.Cookie.SameSite = SameSiteMode.Strict;
                options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                options.LoginPath = LoginPath;
                options.AccessDeniedPath = "/account/denied";
                options.ExpireTimeSpan = TimeSpan.FromHours(Math.Clamp(sessionHours, 1, 720));
                options.SlidingExpiration = true;
                // A tool calling the hub or the circuit gets a status code, not a login page.
                options.Events.OnRedirectToLogin = context => Challenge(context, StatusCodes.Status401Unauthorized);
                options.Events.OnRedirectToAccessDenied = context => Challenge(context, StatusCodes.Status403Forbidden);
            });
        services.AddConsolePolicies();
        services.AddCascadingAuthenticationState();
        services.AddSingleton<ConsoleUsers>();
        services.AddSignInRateLimiting(configuration);
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
