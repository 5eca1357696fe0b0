using System.Globalization;
using System.Text;
using IocpAdmin.Protocol;
using IocpAdmin.Server.Engine;

namespace IocpAdmin.Web.Dashboard;

/// <summary>
/// An operator's disconnect, bound to what they were shown: the exact client ids previewed (a
/// client that connected since is never touched), how (<see cref="DisconnectMode"/>), why (sent to
/// each client when graceful, and kept in the audit), and how they were chosen (for the audit).
/// </summary>
/// <param name="QuarantineKind">Also keep the clients' processes (or users) out, for <paramref name="QuarantineFor"/>; null for no quarantine.</param>
/// <param name="PerSecond">Tell at most this many clients per second, so a fleet does not reconnect all at once; null for all at once.</param>
public sealed record DisconnectRequest(IReadOnlyList<long> Ids, DisconnectMode Mode, string Reason, string Selection,
    QuarantineKind? QuarantineKind = null, TimeSpan? QuarantineFor = null, double? PerSecond = null)
{
    /// <summary>The longest quarantine one action can set.</summary>
    public static readonly TimeSpan MaxQuarantine = TimeSpan.FromDays(7);

    /// <summary>The fastest pace accepted (clients per second).</summary>
    public const double MaxPerSecond = 10_000;

    /// <summary>The longest a paced disconnect may take (clients ÷ rate): the action is waited for.</summary>
    public static readonly TimeSpan MaxPacedDuration = TimeSpan.FromMinutes(10);

    /// <summary>The longest reason accepted, in characters; the whole BUSY text must also fit the protocol's reason limit.</summary>
    public const int MaxReasonLength = 200;

    private static readonly UTF8Encoding s_strictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>What the client reads in its last frame: who, and why.</summary>
    public static string Told(string user, string reason) => $"disconnected by {user}: {reason.Trim()}";

    private static string Quarantined(string user, string reason) => $"quarantined until 0000-00-00T00:00:00Z by {user}: {reason}";

    /// <summary>Why the request cannot run, in words for <paramref name="user"/>, who made it; null when it can.</summary>
    public string? Problem(string user)
    {
        if (PerSecond is { } rate && !(rate >= 0.1 && rate <= MaxPerSecond))
        {
            return string.Create(CultureInfo.InvariantCulture, $"The rate must be between 0.1 and {MaxPerSecond:0} clients per second.");
        }

        if (PerSecond is { } pace && TimeSpan.FromSeconds(Ids.Count / pace) > MaxPacedDuration)
        {
            return string.Create(CultureInfo.InvariantCulture,
                $"At {pace:0.#} per second, {Ids.Count} clients take {Ids.Count / pace / 60:0.#} min; at most {MaxPacedDuration.TotalMinutes:0}: raise the rate.");
        }

        if (QuarantineKind is not null && QuarantineFor is null)
        {
            return "Say how long the quarantine lasts.";
        }

        if (QuarantineFor is { } duration && (QuarantineKind is null || duration < TimeSpan.FromSeconds(1) || duration > MaxQuarantine))
        {
            return QuarantineKind is null ? "Say whom the quarantine keeps out: the process or the user." : "A quarantine lasts from 1 second to 7 days.";
        }

        var reason = Reason.Trim();
        if (reason.Length == 0)
        {
            return "Give a reason: the client is told it, and the audit keeps it.";
        }

        if (reason.Length > MaxReasonLength)
        {
            return string.Create(CultureInfo.InvariantCulture, $"The reason is {reason.Length} characters long; at most {MaxReasonLength}.");
        }

        foreach (var c in reason)
        {
            if (char.GetUnicodeCategory(c) is UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator)
            {
                return "The reason must be one line of plain text (no control, formatting or line-break characters).";
            }
        }

        int bytes;
        try
        {
            bytes = s_strictUtf8.GetByteCount(Told(user, reason));
        }
        catch (EncoderFallbackException)
        {
            return "The reason is not valid text.";
        }

        if (QuarantineKind is not null)
        {
            // "quarantined until 2026-12-06T03:10:00Z by USER: REASON" goes to each refused client.
            bytes = Math.Max(bytes, s_strictUtf8.GetByteCount(Quarantined(user, reason)));
        }

        return bytes > ResponseWriter.MaxReasonSize
            ? string.Create(CultureInfo.InvariantCulture,
                $"The reason is too long for the client's frame: \"disconnected by {user}: \" and the reason must fit in {ResponseWriter.MaxReasonSize} bytes of UTF-8 ({bytes} now).")
            : null;
    }
}
