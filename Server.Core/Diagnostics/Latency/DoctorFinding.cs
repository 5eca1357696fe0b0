namespace IocpAdmin.Server.Diagnostics.Latency;

/// <summary>
/// What the doctor sees, in words: a <paramref name="Title"/> that names what dominates, the
/// <paramref name="Evidence"/> (figures from the window), and what to do about it, if anything.
/// </summary>
/// <param name="Stage">The stage the finding is about, when it is about one.</param>
public sealed record DoctorFinding(FindingSeverityKind Severity, string Title, string Evidence, string? Advice, LatencyStageKind? Stage = null);
