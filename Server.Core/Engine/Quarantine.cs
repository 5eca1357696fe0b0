using System.Globalization;
using IocpAdmin.Protocol;

namespace IocpAdmin.Server.Engine;

/// <summary>
/// Keeps a process or a user from connecting until <see cref="Until"/>: each new connection from it
/// gets BUSY "quarantined until TIME by USER: REASON" as its only frame (docs/protocol.md).
/// </summary>
/// <param name="Key">The process id or the user id, as <paramref name="Scope"/> says.</param>
public sealed record Quarantine(long Id, QuarantineKind Scope, long Key, string Reason, string By, DateTimeOffset Since, DateTimeOffset Until)
{
    private long _refused;

    /// <summary>Connections it refused so far.</summary>
    public long Refused => Volatile.Read(ref _refused);

    /// <summary>What a refused client is told (cut to the protocol's reason size).</summary>
    public string Message { get; } = string.Create(CultureInfo.InvariantCulture, $"quarantined until {Until.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ} by {By}: {Reason}");

    /// <summary>What it applies to, in words: "process 4242" or "user 1000".</summary>
    public string Target => string.Create(CultureInfo.InvariantCulture, $"{(Scope == QuarantineKind.Process ? "process" : "user")} {Key}");

    public bool IsActive(DateTimeOffset now) => now < Until;

    internal bool Matches(int? processId, uint? userId) => Scope switch
    {
        QuarantineKind.Process => processId is { } pid && pid == Key,
        QuarantineKind.User => userId is { } uid && uid == Key,
        _ => false,
    };

    /// <summary>The BUSY frame each refused connection gets, built once.</summary>
    internal byte[] Frame => field ??= ResponseWriter.CreateReasonFrame(StatusKind.Busy, Message);

    /// <summary>Counts one more refusal; returns the count.</summary>
    internal long CountRefusal() => Interlocked.Increment(ref _refused);
}
