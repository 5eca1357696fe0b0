using IocpAdmin.Server.Diagnostics;
using IocpAdmin.Server.Sessions;

namespace IocpAdmin.Web.Dashboard;

/// <summary>Which connected clients to show or act on.</summary>
public sealed record ClientFilter(SessionState? State = null, int? IdleAtLeastSeconds = null, string? Search = null)
{
    public static ClientFilter All { get; } = new();

    public bool Matches(SessionSnapshot session)
    {
        if (State is { } state && session.State != state)
        {
            return false;
        }

        if (IdleAtLeastSeconds is { } idle && session.IdleFor.TotalSeconds < idle)
        {
            return false;
        }

        if (string.IsNullOrWhiteSpace(Search))
        {
            return true;
        }

        // The client's id, its process id, or the name of its last command.
        var text = Search.Trim();
        return session.Id.ToString(System.Globalization.CultureInfo.InvariantCulture) == text
               || session.ProcessId?.ToString(System.Globalization.CultureInfo.InvariantCulture) == text
               || session.LastRequestName.Equals(text, StringComparison.OrdinalIgnoreCase);
    }
}
