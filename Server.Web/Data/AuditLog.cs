using IocpAdmin.Web.Diagnostics;
using Microsoft.EntityFrameworkCore;

namespace IocpAdmin.Web.Data;

/// <summary>Writes and reads the audit log (in the database).</summary>
internal sealed class AuditLog(IDbContextFactory<ConsoleDbContext> contexts, ILogger<AuditLog> logger)
{
    public Task RecordAsync(string user, string action, string target, string details, bool succeeded) =>
        RecordManyAsync(user, action, [(target, details)], succeeded);

    /// <summary>One entry per target, in one transaction.</summary>
    public async Task RecordManyAsync(string user, string action, IReadOnlyList<(string Target, string Details)> targets, bool succeeded)
    {
        var now = DateTime.UtcNow;
        try
        {
            await using var context = await contexts.CreateDbContextAsync();
            foreach (var (target, details) in targets)
            {
                context.AuditEntries.Add(new AuditEntry
                {
                    AtUtc = now,
                    User = Truncate(user, 64),
                    Action = action,
                    Target = Truncate(target, 64),
                    Details = Truncate(details, 512),
                    Succeeded = succeeded,
                });
            }

            await context.SaveChangesAsync();
        }
        catch (DbUpdateException ex)
        {
            // The action itself has happened; losing its record must be loud.
            Log.AuditLost(logger, ex, user, action, targets.Count);
        }
    }

    /// <summary>A page of entries, newest first, optionally only those mentioning <paramref name="search"/>.</summary>
    public async Task<(IReadOnlyList<AuditEntry> Items, int Total)> PageAsync(int page, int pageSize, string? search, CancellationToken cancellationToken)
    {
        await using var context = await contexts.CreateDbContextAsync(cancellationToken);
        var query = context.AuditEntries.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(search))
        {
            var pattern = $"%{search.Trim()}%";
            query = query.Where(e => EF.Functions.Like(e.User, pattern) || EF.Functions.Like(e.Action, pattern)
                                     || EF.Functions.Like(e.Target, pattern) || EF.Functions.Like(e.Details, pattern));
        }

        var total = await query.CountAsync(cancellationToken);
        var items = await query.OrderByDescending(e => e.Id).Skip(page * pageSize).Take(pageSize).ToListAsync(cancellationToken);
        return (items, total);
    }

    private static string Truncate(string text, int length) => text.Length <= length ? text : text[..length];
}
