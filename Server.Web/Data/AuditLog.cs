using IocpAdmin.Web.Diagnostics;
using Microsoft.EntityFrameworkCore;

namespace IocpAdmin.Web.Data;

/// <summary>Writes and reads the audit log (in the database).</summary>
internal sealed class AuditLog(IDbContextFactory<ConsoleDbContext> contexts, ILogger<AuditLog> logger)
{
    /// <summary>The most entries one export carries (newest first).</summary>
    public const int MaxExport = 100_000;

    /// <summary>Raised after entries are written, on the writer's thread: open Audit pages reload (live).</summary>
    public event Action? Recorded;

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
            Recorded?.Invoke();
        }
        catch (DbUpdateException ex)
        {
            // The action itself has happened; losing its record must be loud.
            Log.AuditLost(logger, ex, user, action, targets.Count);
        }
    }

    /// <summary>A page of the entries the query selects, newest first, and how many it selects in all.</summary>
    public async Task<(IReadOnlyList<AuditEntry> Items, int Total)> PageAsync(int page, int pageSize, AuditQuery query, CancellationToken cancellationToken)
    {
        await using var context = await contexts.CreateDbContextAsync(cancellationToken);
        var selected = Select(context, query);
        var total = await selected.CountAsync(cancellationToken);
        var skip = (int)Math.Min(int.MaxValue, (long)Math.Max(0, page) * pageSize);
        var items = await selected.OrderByDescending(e => e.Id).Skip(skip).Take(pageSize).ToListAsync(cancellationToken);
        return (items, total);
    }

    /// <summary>The entries the query selects, newest first, at most <see cref="MaxExport"/>, streamed from the database.</summary>
    public async IAsyncEnumerable<AuditEntry> ExportAsync(AuditQuery query, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var context = await contexts.CreateDbContextAsync(cancellationToken);
        await foreach (var entry in Select(context, query).OrderByDescending(e => e.Id).Take(MaxExport).AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            yield return entry;
        }
    }

    private static IQueryable<AuditEntry> Select(ConsoleDbContext context, AuditQuery query)
    {
        var selected = context.AuditEntries.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(query.User))
        {
            var user = query.User.Trim();
            selected = selected.Where(e => EF.Functions.Collate(e.User, "NOCASE") == user);
        }

        if (!string.IsNullOrWhiteSpace(query.Action))
        {
            selected = selected.Where(e => e.Action == query.Action);
        }

        if (query.SinceUtc is { } since)
        {
            selected = selected.Where(e => e.AtUtc >= since);
        }

        if (!string.IsNullOrWhiteSpace(query.Search))
        {
            var pattern = $"%{query.Search.Trim()}%";
            selected = selected.Where(e => EF.Functions.Like(e.User, pattern) || EF.Functions.Like(e.Action, pattern)
                                           || EF.Functions.Like(e.Target, pattern) || EF.Functions.Like(e.Details, pattern));
        }

        return selected;
    }

    private static string Truncate(string text, int length) => text.Length <= length ? text : text[..length];
}
