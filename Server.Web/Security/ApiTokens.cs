using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using IocpAdmin.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace IocpAdmin.Web.Security;

/// <summary>
/// Creates, finds, lists and revokes API tokens. A secret is 32 random bytes (<c>iocp_</c> and 43
/// URL-safe characters); only its SHA-256 is stored (a secret this long needs no slow hash: there is
/// nothing to guess), and a presented secret is looked up by that hash.
/// </summary>
internal sealed class ApiTokens(IDbContextFactory<ConsoleDbContext> contexts, ConsoleUsers users, TimeProvider time)
{
    public const string SecretPrefix = "iocp_";
    public const int MaxNameLength = 48;

    /// <summary>A new token's name must be this: letters, digits, '.', '_', '-'.</summary>
    public static string? NameProblem(string? name)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            return "Give the token a name (for example the machine or script that uses it).";
        }

        if (name.Length > MaxNameLength || !name.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-'))
        {
            return string.Create(CultureInfo.InvariantCulture, $"A token's name is 1 to {MaxNameLength} letters, digits, '.', '_' or '-'.");
        }

        return null;
    }

    /// <summary>Creates a token; returns it and its secret (shown once). Throws <see cref="InvalidOperationException"/> with the reason when it cannot.</summary>
    public async Task<(ApiToken Token, string Secret)> CreateAsync(string name, string role, string? createdBy, CancellationToken cancellationToken)
    {
        if (NameProblem(name) is { } problem)
        {
            throw new InvalidOperationException(problem);
        }

        if (!Roles.IsKnown(role))
        {
            throw new InvalidOperationException($"The role is {Roles.Operator} or {Roles.Support}, not '{role}'.");
        }

        var secret = SecretPrefix + Base64Url(RandomNumberGenerator.GetBytes(32));
        var token = new ApiToken
        {
            Name = name,
            Role = role,
            Hash = HashOf(secret),
            Prefix = secret[..(SecretPrefix.Length + 6)],
            CreatedBy = createdBy,
            CreatedAtUtc = time.GetUtcNow().UtcDateTime,
        };
        await using var context = await contexts.CreateDbContextAsync(cancellationToken);
        if (await context.ApiTokens.AnyAsync(t => t.Name == name, cancellationToken))
        {
            throw new InvalidOperationException($"A token named '{name}' exists already (revoked ones keep their name, for the audit).");
        }

        context.ApiTokens.Add(token);
        await context.SaveChangesAsync(cancellationToken);
        return (token, secret);
    }

    public async Task<IReadOnlyList<ApiToken>> ListAsync(CancellationToken cancellationToken)
    {
        await using var context = await contexts.CreateDbContextAsync(cancellationToken);
        return await context.ApiTokens.AsNoTracking().OrderBy(t => t.RevokedAtUtc != null).ThenBy(t => t.Name).ToListAsync(cancellationToken);
    }

    /// <summary>Revokes a live token; false when there is none by that name (or it was revoked before).</summary>
    public async Task<bool> RevokeAsync(string name, string by, CancellationToken cancellationToken)
    {
        await using var context = await contexts.CreateDbContextAsync(cancellationToken);
        var token = await context.ApiTokens.FirstOrDefaultAsync(t => t.Name == name && t.RevokedAtUtc == null, cancellationToken);
        if (token is null)
        {
            return false;
        }

        token.RevokedAtUtc = time.GetUtcNow().UtcDateTime;
        token.RevokedBy = by;
        await context.SaveChangesAsync(cancellationToken);
        return true;
    }

    /// <summary>The token a presented secret belongs to (revoked or not), or null; counts the use.</summary>
    public async Task<ApiToken?> FindAsync(string secret, CancellationToken cancellationToken)
    {
        if (!secret.StartsWith(SecretPrefix, StringComparison.Ordinal) || secret.Length > 128)
        {
            return null;
        }

        var hash = HashOf(secret);
        await using var context = await contexts.CreateDbContextAsync(cancellationToken);
        var token = await context.ApiTokens.AsNoTracking().FirstOrDefaultAsync(t => t.Hash == hash, cancellationToken);
        if (token is { RevokedAtUtc: null })
        {
            // One statement, so concurrent calls all count.
            var now = time.GetUtcNow().UtcDateTime;
            await context.ApiTokens.Where(t => t.Id == token.Id)
                .ExecuteUpdateAsync(set => set.SetProperty(t => t.Uses, t => t.Uses + 1).SetProperty(t => t.LastUsedAtUtc, now), cancellationToken);
        }

        return token;
    }

    /// <summary>
    /// Why a token may not act now, or null: revoked, or made by a console user who is gone or no
    /// longer has the token's role (a token never carries more than its maker has).
    /// </summary>
    public async Task<string?> ProblemAsync(int id, string role, CancellationToken cancellationToken)
    {
        await using var context = await contexts.CreateDbContextAsync(cancellationToken);
        var token = await context.ApiTokens.AsNoTracking().FirstOrDefaultAsync(t => t.Id == id, cancellationToken);
        if (token is null || token.RevokedAtUtc is not null)
        {
            return "the token was revoked";
        }

        if (token.CreatedBy is { } maker)
        {
            var makerRole = await users.FindRoleAsync(maker, cancellationToken);
            if (makerRole is null)
            {
                return $"the token's maker, {maker}, is no longer a user";
            }

            if (makerRole != token.Role && token.Role == Roles.Support)
            {
                return $"the token's maker, {maker}, no longer has the {Roles.Support} role";
            }
        }

        return token.Role == role ? null : "the token's role changed";
    }

    internal static string HashOf(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
