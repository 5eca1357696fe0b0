using System.Globalization;
using IocpAdmin.Web.Data;
using IocpAdmin.Web.Hosting;
using Microsoft.EntityFrameworkCore;

namespace IocpAdmin.Web.Security;

/// <summary>
/// <c>dotnet Server.Web.dll token create NAME --role Support|Operator</c> (prints the secret once),
/// <c>token list</c> and <c>token revoke NAME</c>: API tokens made on the server machine, for a
/// first script before anyone signs in to the console. It uses the server's configuration (the same
/// database), and works while the server runs. Creations and revocations are audited as "server".
/// </summary>
internal static class TokenCommand
{
    public const string Verb = "token";

    private const string Usage = """
        usage:
          token create NAME --role Support|Operator   create a token; its secret is printed once
          token list                                  the tokens, live and revoked (never their secrets)
          token revoke NAME                           revoke a token at once
        """;

    public static async Task<int> RunAsync(string[] args)
    {
        // The words are what is not an option: "--role VALUE" and "--Key=value" overrides are taken out wherever they are.
        var words = new List<string>();
        string? role = null;
        for (var i = 1; i < args.Length; i++)
        {
            if (args[i] == "--role")
            {
                role = i + 1 < args.Length ? args[++i] : "";
            }
            else if (!args[i].StartsWith("--", StringComparison.Ordinal))
            {
                words.Add(args[i]);
            }
        }

        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            // Only configuration overrides (--Key=value) go to the configuration.
            Args = args.Where(static a => a.StartsWith("--", StringComparison.Ordinal) && a.Contains('=', StringComparison.Ordinal)).ToArray(),
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Logging.ClearProviders();
        builder.Services.AddConsoleDatabase(builder.Configuration);
        builder.Services.AddConsoleAuthOptions(builder.Configuration);
        builder.Services.AddSignInChecks();
        builder.Services.AddSingleton<AuditLog>();
        await using var services = builder.Services.BuildServiceProvider();
        try
        {
            await using (var context = await services.GetRequiredService<IDbContextFactory<ConsoleDbContext>>().CreateDbContextAsync())
            {
                await context.Database.MigrateAsync();
            }

            var connection = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(builder.Configuration.GetConnectionString("Records") ?? "Data Source=records.db");
            // A relative path is taken from the current folder, as the server takes it: say which file it is.
            await Console.Error.WriteLineAsync($"Console database: {Path.GetFullPath(connection.DataSource)}");
            var tokens = services.GetRequiredService<ApiTokens>();
            var audit = services.GetRequiredService<AuditLog>();
            switch (words)
            {
                case ["create", var name]:
                    if (role is null || !Roles.IsKnown(Canonical(role)))
                    {
                        await Console.Error.WriteLineAsync($"error: give the role: --role {Roles.Support} or --role {Roles.Operator}");
                        return 2;
                    }

                    var (token, secret) = await tokens.CreateAsync(name, Canonical(role)!, createdBy: null, CancellationToken.None);
                    await audit.RecordAsync("server", AuditActions.CreateToken, token.Name, $"role {token.Role}, made with 'token create' on the server machine", succeeded: true);
                    Console.WriteLine(secret);
                    await Console.Error.WriteLineAsync($"Token '{token.Name}' ({token.Role}) created. This is the only time its secret is shown: keep it now.");
                    return 0;
                case ["list"]:
                    foreach (var t in await tokens.ListAsync(CancellationToken.None))
                    {
                        var revoked = t.RevokedAtUtc is { } at ? string.Create(CultureInfo.InvariantCulture, $"  REVOKED {at:yyyy-MM-dd HH:mm}Z by {t.RevokedBy}") : "";
                        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                            $"{t.Name,-24} {t.Role,-9} {t.Prefix}…  created {t.CreatedAtUtc:yyyy-MM-dd HH:mm}Z by {t.CreatedBy ?? "server"}  used {t.Uses}x{revoked}"));
                    }

                    return 0;
                case ["revoke", var name]:
                    if (!await tokens.RevokeAsync(name, "server", CancellationToken.None))
                    {
                        await Console.Error.WriteLineAsync($"error: no live token named '{name}'");
                        return 1;
                    }

                    await audit.RecordAsync("server", AuditActions.RevokeToken, name, "revoked with 'token revoke' on the server machine", succeeded: true);
                    Console.WriteLine($"Token '{name}' revoked.");
                    return 0;
                default:
                    await Console.Error.WriteLineAsync(Usage);
                    return 2;
            }
        }
        catch (InvalidOperationException ex)
        {
            await Console.Error.WriteLineAsync($"error: {ex.Message}");
            return 1;
        }
        catch (Microsoft.Data.Sqlite.SqliteException ex)
        {
            await Console.Error.WriteLineAsync($"error: the console database cannot be used: {ex.Message}");
            return 1;
        }
    }

    private static string? Canonical(string role) =>
        role.Equals(Roles.Support, StringComparison.OrdinalIgnoreCase) ? Roles.Support
        : role.Equals(Roles.Operator, StringComparison.OrdinalIgnoreCase) ? Roles.Operator : null;
}
