using IocpAdmin.Web.Data;
using IocpAdmin.Web.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace IocpAdmin.Web.Security;

/// <summary>
/// Who may sign in: users from configuration (read afresh, since appsettings.json reloads on
/// change), then users in the database.
/// </summary>
internal sealed class ConsoleUsers(
    IDbContextFactory<ConsoleDbContext> contexts,
    IOptionsMonitor<ConsoleAuthOptions> options,
    ILogger<ConsoleUsers> logger)
{
    public const string FirstAdminName = "admin";

    private string? _lastConfigurationError;

    /// <summary>
    /// The user if the password is theirs, and whether the account exists (for the lockout count;
    /// unknown names cost the same time as wrong passwords).
    /// </summary>
    public async Task<(VerifiedUser? User, bool Exists)> VerifyAsync(string name, string password, CancellationToken cancellationToken)
    {
        if (FindConfigured(name) is { } configured)
        {
            return (PasswordHashing.Verify(configured.PasswordHash, password) ? new VerifiedUser(configured.Name, configured.Role) : null, true);
        }

        await using var context = await contexts.CreateDbContextAsync(cancellationToken);
        var stored = await context.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Name == name, cancellationToken);
        if (stored is null)
        {
            PasswordHashing.VerifyDecoy(password);
            return (null, false);
        }

        return (PasswordHashing.Verify(stored.PasswordHash, password) ? new VerifiedUser(stored.Name, stored.Role) : null, true);
    }

    /// <summary>The user's role now, or null if there is no such user any more.</summary>
    public async Task<string?> FindRoleAsync(string name, CancellationToken cancellationToken)
    {
        if (FindConfigured(name) is { } configured)
        {
            return configured.Role;
        }

        await using var context = await contexts.CreateDbContextAsync(cancellationToken);
        return await context.Users.AsNoTracking().Where(u => u.Name == name).Select(u => u.Role).FirstOrDefaultAsync(cancellationToken);
    }

    /// <summary>
    /// On a first start with no users anywhere, creates <c>admin</c> (Support) with a random
    /// password and prints it once to the log; it is stored only as a hash.
    /// </summary>
    public async Task EnsureFirstAdminAsync(CancellationToken cancellationToken)
    {
        if (options.CurrentValue.Users.Count > 0)
        {
            return;
        }

        await using var context = await contexts.CreateDbContextAsync(cancellationToken);
        if (await context.Users.AnyAsync(cancellationToken))
        {
            return;
        }

        var password = PasswordHashing.NewRandomPassword();
        context.Users.Add(new UserAccount
        {
            Name = FirstAdminName,
            PasswordHash = PasswordHashing.Hash(password),
            Role = Roles.Support,
            CreatedUtc = DateTime.UtcNow,
        });
        await context.SaveChangesAsync(cancellationToken);
        Log.FirstAdminCreated(logger, FirstAdminName, password);
    }

    private ConfiguredUser? FindConfigured(string name)
    {
        List<ConfiguredUser> users;
        try
        {
            users = options.CurrentValue.Users;
        }
        catch (OptionsValidationException ex)
        {
            // A bad edit of a running server's configuration: the start-up check cannot catch it,
            // so the configured users are shut out (never the last good list, which may hold a user
            // just removed) until the file is fixed; database users are unaffected.
            if (!string.Equals(_lastConfigurationError, ex.Message, StringComparison.Ordinal))
            {
                _lastConfigurationError = ex.Message;
                Log.ConfiguredUsersInvalid(logger, ex.Message);
            }

            return null;
        }

        return users.Find(u => string.Equals(u.Name, name, StringComparison.OrdinalIgnoreCase));
    }
}
