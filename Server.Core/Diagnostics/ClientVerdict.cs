using System.Globalization;
using IocpAdmin.Server.Sessions;

namespace IocpAdmin.Server.Diagnostics;

/// <summary>A client's state in words, with the evidence behind it, as support staff read it.</summary>
public sealed record ClientVerdict(ClientVerdictKind Kind, string Text)
{
    /// <summary>A client that has been sending for this long is not reading its responses.</summary>
    public static readonly TimeSpan NotReadingAfter = TimeSpan.FromSeconds(1);

    /// <summary>A client that sent nothing for this long is idle.</summary>
    public static readonly TimeSpan IdleAfter = TimeSpan.FromSeconds(60);

    public static ClientVerdict Of(SessionSnapshot client)
    {
        ArgumentNullException.ThrowIfNull(client);
        var c = CultureInfo.InvariantCulture;
        if (client.State == SessionState.Closed)
        {
            return new ClientVerdict(ClientVerdictKind.Closed, "closed");
        }

        if (client.State == SessionState.Sending && client.StateFor >= NotReadingAfter)
        {
            return new ClientVerdict(ClientVerdictKind.NotReading, string.Format(c,
                "not reading its responses: {0:N0} bytes unsent for {1}; reading from it is paused", client.UnsentBytes, Duration(client.StateFor)));
        }

        if (client.State == SessionState.Receiving && client.PartialFor is { } partialFor)
        {
            var of = client.PartialFrameSize > 0
                ? string.Format(c, "{0:N0} of {1:N0} bytes", client.PartialBytes, client.PartialFrameSize)
                : string.Format(c, "{0} bytes, its length not yet complete", client.PartialBytes);
            var left = client.PartialFrameTimeout - partialFor;
            var closes = left > TimeSpan.Zero ? "closes in " + Duration(left) : "closing now (partial-frame timeout)";
            return new ClientVerdict(ClientVerdictKind.HalfFrame, string.Format(c, "half a frame for {0} ({1}); {2}", Duration(partialFor), of, closes));
        }

        if (client.State == SessionState.Storing)
        {
            return new ClientVerdict(ClientVerdictKind.WaitingForCommit, string.Format(c,
                "waiting for the commit of {0:N0} write{1} ({2})", client.WaitingWrites, client.WaitingWrites == 1 ? "" : "s", Duration(client.StateFor)));
        }

        if (client.IdleFor >= IdleAfter)
        {
            return new ClientVerdict(ClientVerdictKind.Idle, "idle for " + Duration(client.IdleFor));
        }

        return new ClientVerdict(ClientVerdictKind.Active, client.Requests == 0
            ? "connected, no request yet (" + Duration(client.IdleFor) + ")"
            : string.Format(c, "active: {0:N0} request{3}, the last ({1}) {2} ago", client.Requests, client.LastRequestName, Duration(client.IdleFor), client.Requests == 1 ? "" : "s"));
    }

    /// <summary>A duration as people say it: 3 ms, 12 s, 9 min, 2 h 5 min.</summary>
    public static string Duration(TimeSpan value)
    {
        var c = CultureInfo.InvariantCulture;
        if (value < TimeSpan.FromSeconds(1))
        {
            return string.Format(c, "{0:0} ms", Math.Max(0, value.TotalMilliseconds));
        }

        if (value < TimeSpan.FromMinutes(2))
        {
            return string.Format(c, "{0:0} s", Math.Floor(value.TotalSeconds));
        }

        if (value < TimeSpan.FromHours(2))
        {
            return string.Format(c, "{0:0} min", Math.Floor(value.TotalMinutes));
        }

        return string.Format(c, "{0:0} h {1} min", Math.Floor(value.TotalHours), value.Minutes);
    }
}
