namespace IocpAdmin.Web.Data;

/// <summary>The verbs of the audit log.</summary>
public static class AuditActions
{
    /// <summary>Every verb, for the Audit page's filter.</summary>
    public static IReadOnlyList<string> All { get; } = typeof(AuditActions).GetFields()
        .Where(static f => f.IsLiteral && f.FieldType == typeof(string)).Select(static f => (string)f.GetRawConstantValue()!).Order().ToList();

    public const string SignIn = "sign-in";
    public const string SignInFailed = "sign-in-failed";
    public const string SignOut = "sign-out";

    /// <summary>Failed sign-ins locked an account (the user is the account; the details say why and until when).</summary>
    public const string AccountLocked = "account-locked";

    /// <summary>A sign-in refused because its account was locked, whatever the password.</summary>
    public const string SignInLocked = "sign-in-locked";

    /// <summary>A Support user lifted an account's lock.</summary>
    public const string UnlockAccount = "unlock-account";
    public const string DisconnectClient = "disconnect-client";

    /// <summary>A Support user set the server's admission (Ready, Drain, Maintenance).</summary>
    public const string SetAdmission = "set-admission";
    /// <summary>A Support user lifted a quarantine before its end.</summary>
    public const string LiftQuarantine = "lift-quarantine";

    /// <summary>An API token was created (the target is its name; the details its role).</summary>
    public const string CreateToken = "create-token";

    /// <summary>An API token was revoked.</summary>
    public const string RevokeToken = "revoke-token";

    /// <summary>A user downloaded the audit (the target is the format; the details the filters and the number of entries).</summary>
    public const string ExportAudit = "export-audit";

    /// <summary>A support bundle was downloaded (the details list its files and size).</summary>
    public const string SupportBundle = "support-bundle";

    /// <summary>The slow log was emptied (the details say how many entries went).</summary>
    public const string SlowLogReset = "reset-slow-log";

    /// <summary>A call of the HTTP API made with a token (the target is the method and path; the details the status).</summary>
    public const string ApiCall = "api-call";
    public const string AddRecord = "add-record";
    public const string DeleteRecord = "delete-record";

    /// <summary>A hub call refused because the caller's sign-in was no longer valid (the target is the method).</summary>
    public const string HubCall = "hub-call";
}
