namespace IocpAdmin.Web.Data;

/// <summary>The verbs of the audit log.</summary>
public static class AuditActions
{
    public const string SignIn = "sign-in";
    public const string SignInFailed = "sign-in-failed";
    public const string SignOut = "sign-out";
    public const string DisconnectClient = "disconnect-client";
    public const string AddRecord = "add-record";
    public const string DeleteRecord = "delete-record";

    /// <summary>A hub call refused because the caller's sign-in was no longer valid (the target is the method).</summary>
    public const string HubCall = "hub-call";
}
