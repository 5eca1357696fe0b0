using IocpAdmin.Server.Engine;

namespace IocpAdmin.Web.Dashboard;

/// <summary>
/// An operator's disconnect, bound to what they were shown: the exact client ids previewed (a
/// client that connected since is never touched), how (<see cref="DisconnectMode"/>), why (sent to
/// each client when graceful, and kept in the audit), and how they were chosen (for the audit).
/// </summary>
public sealed record DisconnectRequest(IReadOnlyList<long> Ids, DisconnectMode Mode, string Reason, string Selection)
{
    /// <summary>The longest reason accepted (it must fit in the BUSY frame with the user's name).</summary>
    public const int MaxReasonLength = 200;

    /// <summary>Why the request cannot run, in words for the person who made it; null when it can.</summary>
    public string? Problem() =>
        string.IsNullOrWhiteSpace(Reason) ? "Give a reason: the client is told it, and the audit keeps it."
        : Reason.Trim().Length > MaxReasonLength ? $"The reason is {Reason.Trim().Length} characters long; at most {MaxReasonLength}."
        : Reason.Any(char.IsControl) ? "The reason must be one line of text."
        : null;
}
