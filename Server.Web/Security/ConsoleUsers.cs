using IocpAdmin.Web.Data;
using IocpAdmin.Web.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace IocpAdmin.Web.Security;

/// <summary>Who may sign in: users from configuration, then users in the database.</summary>
internal sealed class ConsoleUsers(
    IDbContextFactory<ConsoleDbContext> contexts,
    IOptions<ConsoleAuthOptions> options,
    ILogger<ConsoleUsers> logger)
{
    public const string FirstAdminName = "admin";

    /// <summary>The user if the password is theirs; null otherwise (unknown names cost the same time as wrong passwords).</summary>
    public async Task<VerifiedUser?> VerifyAsync(string name, string password, CancellationToken cancellationToken)
    {
        var configured = options.Value.Users.FirstOrDefault(u => string.Equals(u.Name, name, StringComparison.OrdinalIgnoreCase));
        if (configured is not null)
        {
            return PasswordHashing.Verify(configured.PasswordHash, password) ? new VerifiedUser(configured.Name, configured.Role) : null;
        }

        await using var context = await contexts.CreateDbContextAsync(cancellationToken);
        var stored = await context.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Name == name, cancellationToken);
        if (stored is null)
        {
            PasswordHashing.VerifyDecoy(password);
            return null;
        }

        return PasswordHashing.Verify(stored.PasswordHash, password) ? new VerifiedUser(stored.Name, stored.Role) : null;
    }

    /// <summary>
    /// On a first start with no users anywhere, creates <c>admin</c> (Support) with a random
    /// password and prints it once to the log; it is stored only as a hash.
    /// </summary>
    public async Task EnsureFirstAdminAsync(CancellationToken cancellationToken)
    {
        if (options.Value.Users.Count > 0)
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
}
