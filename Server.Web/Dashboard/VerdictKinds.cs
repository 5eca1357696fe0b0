using IocpAdmin.Server.Diagnostics;

namespace IocpAdmin.Web.Dashboard;

/// <summary>Verdict kinds as URLs, the API and the CLI spell them: half-frame, not-reading, waiting-for-commit, idle, active.</summary>
public static class VerdictKinds
{
    public static string Name(ClientVerdictKind kind) => ClientFilter.VerdictName(kind).Replace(' ', '-');

    /// <summary>The kind a name means (any case, spaces or dashes), or null for none or an unknown name.</summary>
    public static ClientVerdictKind? Parse(string? name)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            return null;
        }

        var wanted = name.Trim().Replace(' ', '-');
        foreach (var kind in Enum.GetValues<ClientVerdictKind>())
        {
            if (string.Equals(Name(kind), wanted, StringComparison.OrdinalIgnoreCase) || string.Equals(kind.ToString(), wanted, StringComparison.OrdinalIgnoreCase))
            {
                return kind;
            }
        }

        return null;
    }
}
