using System.Diagnostics;
using System.Security.Claims;
using System.Text.Json;
using IocpAdmin.Server.Engine;
using IocpAdmin.Web.Dashboard;
using IocpAdmin.Web.Data;
using IocpAdmin.Web.Security;
using IocpAdmin.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace IocpAdmin.Tests.Web;

/// <summary>
/// The console's services over a real record server, a real (migrated) console database, and
/// users declared in a real JSON file that reloads on change, as appsettings.json does.
/// </summary>
public sealed class ConsoleServices : IAsyncDisposable
{
    // Hashing costs 100,000 PBKDF2 iterations: done once for every test.
    private static readonly string s_hash = PasswordHashing.Hash("a-password-for-tests");

    // A file watcher reports a write within a second here; ten allows for a loaded machine.
    private static readonly TimeSpan s_reload = TimeSpan.FromSeconds(10);

    private readonly ServiceProvider _provider;
    private readonly string _settingsPath;

    private ConsoleServices(TestServer server, ServiceProvider provider, string settingsPath, ManualClock clock)
    {
        Server = server;
        _provider = provider;
        _settingsPath = settingsPath;
        Clock = clock;
    }

    public TestServer Server { get; }

    /// <summary>The clock the sign-in sessions read; tests move it forward.</summary>
    public ManualClock Clock { get; }

    public ClientDirectory Directory => _provider.GetRequiredService<ClientDirectory>();

    internal AdminActions Actions => _provider.GetRequiredService<AdminActions>();

    internal AuditLog Audit => _provider.GetRequiredService<AuditLog>();

    internal SignInSessions Sessions => _provider.GetRequiredService<SignInSessions>();

    internal ApiTokens Tokens => _provider.GetRequiredService<ApiTokens>();

    internal AccountLockouts Lockouts => _provider.GetRequiredService<AccountLockouts>();

    internal SignInValidator Validator => _provider.GetRequiredService<SignInValidator>();

    internal IDbContextFactory<ConsoleDbContext> Database => _provider.GetRequiredService<IDbContextFactory<ConsoleDbContext>>();

    /// <summary>Starts with alice (Support) and bob (Operator) declared in the settings file.</summary>
    public static async Task<ConsoleServices> StartAsync()
    {
        var server = await TestServer.StartAsync();
        var settingsPath = Path.Combine(Path.GetDirectoryName(server.DatabasePath)!, "settings.json");
        await WriteSettingsAsync(settingsPath, ("alice", Roles.Support), ("bob", Roles.Operator));
        var configuration = new ConfigurationBuilder().AddJsonFile(settingsPath, optional: false, reloadOnChange: true).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddConsolePolicies();
        services.AddDbContextFactory<ConsoleDbContext>(options => options.UseSqlite($"Data Source={server.DatabasePath}",
            sqlite => sqlite.MigrationsHistoryTable(ConsoleDbContext.MigrationsHistoryTable)));
        services.AddConsoleAuthOptions(configuration);
        services.AddSingleton(server.Server);
        services.AddSingleton<ClientDirectory>();
        services.AddSingleton<ProcessIdentities>();
        services.AddSingleton<AuditLog>();
        services.AddSingleton<AdminActions>();
        services.AddSingleton<AccountLockouts>();
        var clock = new ManualClock();
        services.AddSingleton<TimeProvider>(clock);
        services.AddSignInChecks();
        var provider = services.BuildServiceProvider();
        await using (var context = await provider.GetRequiredService<IDbContextFactory<ConsoleDbContext>>().CreateDbContextAsync())
        {
            await context.Database.MigrateAsync();
        }

        return new ConsoleServices(server, provider, settingsPath, clock);
    }

    /// <summary>A principal as sign-in makes it, with a live session; the user must exist.</summary>
    public async Task<ClaimsPrincipal> SignInAsync(string name, string role) =>
        ConsolePrincipal.Create(name, role, await Sessions.StartAsync(name, CancellationToken.None));

    /// <summary>Rewrites the settings file: the running services see it once the file watcher fires.</summary>
    public Task DeclareUsersAsync(params (string Name, string Role)[] users) => WriteSettingsAsync(_settingsPath, users);

    /// <summary>Writes the settings file with a value that fails validation.</summary>
    public Task DeclareInvalidUsersAsync() => File.WriteAllTextAsync(_settingsPath,
        """{ "Auth": { "Users": [ { "Name": "alice", "PasswordHash": "not-a-hash", "Role": "Support" } ] } }""");

    /// <summary>Checks until the verdict is the expected one: the file watcher reloads the settings a moment after the write.</summary>
    internal Task<SessionVerdict> CheckUntilAsync(ClaimsPrincipal user, SessionVerdictKind expected) =>
        Eventually.ValueAsync(() => Validator.CheckAsync(user, CancellationToken.None), verdict => verdict.Kind == expected, s_reload,
            $"the verdict becomes {expected} after the settings changed");

    public async ValueTask DisposeAsync()
    {
        await _provider.DisposeAsync();
        await Server.DisposeAsync();
    }

    private static Task WriteSettingsAsync(string path, params (string Name, string Role)[] users) => File.WriteAllTextAsync(path,
        JsonSerializer.Serialize(new { Auth = new { Users = users.Select(u => new { u.Name, PasswordHash = s_hash, u.Role }) } }));
}
