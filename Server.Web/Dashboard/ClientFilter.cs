using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using IocpAdmin.Server.Diagnostics;
using IocpAdmin.Server.Sessions;

namespace IocpAdmin.Web.Dashboard;

/// <summary>Which connected clients to show or act on.</summary>
/// <param name="Verdict">Only clients with this verdict (the quick filters: half frame, not reading, waiting for commit, idle).</param>
/// <param name="ProcessId">Only the clients of this process.</param>
public sealed record ClientFilter(SessionState? State = null, int? IdleAtLeastSeconds = null, string? Search = null,
    ClientVerdictKind? Verdict = null, int? ProcessId = null)
{
    private static readonly JsonSerializerOptions s_quoted = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static ClientFilter All { get; } = new();

    /// <summary>True when it selects fewer than every client.</summary>
    public bool IsFiltered => State is not null || IdleAtLeastSeconds is > 0 || !string.IsNullOrWhiteSpace(Search) || Verdict is not null || ProcessId is not null;

    public bool Matches(SessionSnapshot session)
    {
        ArgumentNullException.ThrowIfNull(session);
        if (State is { } state && session.State != state)
        {
            return false;
        }

        if (IdleAtLeastSeconds is { } idle && session.IdleFor.TotalSeconds < idle)
        {
            return false;
        }

        if (Verdict is { } verdict && session.Verdict.Kind != verdict)
        {
            return false;
        }

        if (ProcessId is { } pid && session.ProcessId != pid)
        {
            return false;
        }

        if (string.IsNullOrWhiteSpace(Search))
        {
            return true;
        }

        // The client's id, its process id, or the name of its last command.
        var text = Search.Trim();
        return session.Id.ToString(CultureInfo.InvariantCulture) == text
               || session.ProcessId?.ToString(CultureInfo.InvariantCulture) == text
               || session.LastRequestName.Equals(text, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>The filter in words, for a dialog and the audit: "Filter: half frame, process 4242." or "No filter: every connected client."</summary>
    public string Describe()
    {
        var parts = new List<string>();
        if (Verdict is { } verdict)
        {
            parts.Add(VerdictName(verdict));
        }

        if (State is { } state)
        {
            parts.Add($"state {state}");
        }

        if (IdleAtLeastSeconds is > 0 and var idle)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"idle at least {idle} s"));
        }

        if (ProcessId is { } pid)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"process {pid}"));
        }

        if (!string.IsNullOrWhiteSpace(Search))
        {
            // Quoted as JSON and bounded: typed by a person or sent through the API, it ends up in the audit.
            var search = Search.Trim();
            parts.Add($"matching {JsonSerializer.Serialize(search.Length > 64 ? search[..64] + "…" : search, s_quoted)}");
        }

        return parts.Count == 0 ? "No filter: every connected client." : $"Filter: {string.Join(", ", parts)}.";
    }

    /// <summary>A verdict kind as a quick filter says it.</summary>
    public static string VerdictName(ClientVerdictKind kind) => kind switch
    {
        ClientVerdictKind.HalfFrame => "half frame",
        ClientVerdictKind.NotReading => "not reading",
        ClientVerdictKind.WaitingForCommit => "waiting for commit",
        ClientVerdictKind.Idle => "idle",
        ClientVerdictKind.Active => "active",
        _ => "closed",
    };
}
