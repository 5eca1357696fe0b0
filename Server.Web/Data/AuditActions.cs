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
}
