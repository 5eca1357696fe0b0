namespace IocpAdmin.Web.Security;

/// <summary>The console's roles.</summary>
public static class Roles
{
    /// <summary>May see everything.</summary>
    public const string Operator = "Operator";

    /// <summary>May see everything, disconnect clients and change records.</summary>
    public const string Support = "Support";

    public static bool IsKnown(string? role) => role is Operator or Support;
}
