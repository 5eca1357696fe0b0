namespace IocpAdmin.Web.Security;

/// <summary>Authorization policy names.</summary>
public static class Policies
{
    /// <summary>Viewing the console or the hub: Operator or Support.</summary>
    public const string View = "View";

    /// <summary>Acting on clients and records: Support.</summary>
    public const string Act = "Act";
}
