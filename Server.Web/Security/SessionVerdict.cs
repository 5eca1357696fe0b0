namespace IocpAdmin.Web.Security;

/// <summary>The outcome of a sign-in check, and the user's role now when it changed.</summary>
internal readonly record struct SessionVerdict(SessionVerdictKind Kind, string? CurrentRole = null, string? Detail = null)
{
    public static SessionVerdict Valid => new(SessionVerdictKind.Valid);

    public bool IsValid => Kind == SessionVerdictKind.Valid;

    /// <summary>Why, in words for the audit log, the server log and the person refused.</summary>
    public string Reason => Kind switch
    {
        SessionVerdictKind.Valid => "the sign-in is valid",
        SessionVerdictKind.SignedOut => "the sign-in has ended (signed out)",
        SessionVerdictKind.Expired => "the sign-in expired",
        SessionVerdictKind.UserRemoved => "the user no longer exists",
        SessionVerdictKind.RoleChanged => $"the user's role changed to {CurrentRole}",
        SessionVerdictKind.TokenRefused => Detail ?? "the token may not act",
        _ => throw new InvalidOperationException($"unknown verdict {Kind}"),
    };
}
