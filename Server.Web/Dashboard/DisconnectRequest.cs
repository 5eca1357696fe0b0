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
public sealed record DisconnectRequest(IReadOnlyList<long> Ids, DisconnectMode Mode, string Reason, string Selection)
{
    /// <summary>The longest reason accepted, in characters; the whole BUSY text must also fit the protocol's reason limit.</summary>
    public const int MaxReasonLength = 200;

    private static readonly UTF8Encoding s_strictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>What the client reads in its last frame: who, and why.</summary>
    public static string Told(string user, string reason) => $"disconnected by {user}: {reason.Trim()}";

    /// <summary>Why the request cannot run, in words for <paramref name="user"/>, who made it; null when it can.</summary>
    public string? Problem(string user)
    {
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

        return bytes > ResponseWriter.MaxReasonSize
            ? string.Create(CultureInfo.InvariantCulture,
                $"The reason is too long for the client's frame: \"disconnected by {user}: \" and the reason must fit in {ResponseWriter.MaxReasonSize} bytes of UTF-8 ({bytes} now).")
            : null;
    }
}
