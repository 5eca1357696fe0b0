using System.Globalization;
using IocpAdmin.Protocol;

namespace IocpAdmin.Server.Engine;

/// <summary>
/// Keeps a process or a user from connecting until <see cref="Until"/>: each new connection from it
/// gets BUSY "quarantined until TIME by USER: REASON" as its only frame (docs/protocol.md).
/// </summary>
/// <param name="Key">The process id or the user id, as <paramref name="Scope"/> says.</param>
public sealed record Quarantine(long Id, QuarantineScope Scope, long Key, string Reason, string By, DateTimeOffset Since, DateTimeOffset Until)
{
    private byte[]? _frame;

    /// <summary>Connections it refused so far.</summary>
    public long Refused => Volatile.Read(ref _refused);

    private long _refused;

    /// <summary>What a refused client is told (cut to the protocol's reason size).</summary>
    public string Message => string.Create(CultureInfo.InvariantCulture, $"quarantined until {Until.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ} by {By}: {Reason}");

    /// <summary>What it applies to, in words: "process 4242" or "user 1000".</summary>
    public string Target => string.Create(CultureInfo.InvariantCulture, $"{(Scope == QuarantineScope.Process ? "process" : "user")} {Key}");

    public bool IsActive(DateTimeOffset now) => now < Until;

    internal bool Matches(int? processId, uint? userId) => Scope switch
    {
        QuarantineScope.Process => processId is { } pid && pid == Key,
        QuarantineScope.User => userId is { } uid && uid == Key,
        _ => false,
    };

    internal byte[] Frame => _frame ??= ResponseWriter.CreateReasonFrame(StatusKind.Busy, Message);

    internal void CountRefusal() => Interlocked.Increment(ref _refused);
}
