namespace IocpAdmin.Web.Data;

/// <summary>One thing a signed-in person did (or tried to do) through the console or the hub.</summary>
public sealed class AuditEntry
{
    public long Id { get; set; }

    /// <summary>When, in UTC.</summary>
    public DateTime AtUtc { get; set; }

    /// <summary>Who: the signed-in user's name, or what they typed when a sign-in failed.</summary>
    public required string User { get; set; }

    /// <summary>What, as a fixed verb: see <see cref="AuditActions"/>.</summary>
    public required string Action { get; set; }

    /// <summary>On what: "client 17", "record 42".</summary>
    public required string Target { get; set; }

    /// <summary>The particulars that make the entry useful later (the client's process, the record's values).</summary>
    public string Details { get; set; } = string.Empty;

    public bool Succeeded { get; set; }
}
