namespace IocpAdmin.Server.Diagnostics.Latency;

/// <summary>How much a doctor's finding matters.</summary>
public enum FindingSeverityKind
{
    /// <summary>Nothing stands out.</summary>
    Ok = 0,

    /// <summary>Worth knowing; nothing to do.</summary>
    Info = 1,

    /// <summary>Requests are slower than they need to be, and the finding says why.</summary>
    Warning = 2,

    /// <summary>Requests fail or stall.</summary>
    Critical = 3,
}
