namespace IocpAdmin.Web.Security;

/// <summary>What a check of a sign-in found.</summary>
internal enum SessionVerdictKind
{
    /// <summary>The session is live, unexpired, and its user exists with the role the principal carries.</summary>
    Valid,

    /// <summary>No live session: signed out (in any tab), ended by a restart, or a cookie without a session.</summary>
    SignedOut,

    /// <summary>The session outlived <c>Auth:SessionHours</c> without a request; it is ended by the check.</summary>
    Expired,

    /// <summary>The user is in neither the configuration nor the database any more; the session is ended by the check.</summary>
    UserRemoved,

    /// <summary>The session is live but the user's role changed: the principal is replaced, the session goes on.</summary>
    RoleChanged,

    /// <summary>An API token that may not act now (revoked, or its maker lost the role); the reason says which.</summary>
    TokenRefused,
}
