namespace IocpAdmin.Web.Dashboard;

/// <summary>Who a client process is, as the OS says: its executable and its user (null when the OS would not say).</summary>
/// <param name="Executable">The executable's file name (dotnet, iocpadmin, python3...).</param>
/// <param name="Path">The executable's full path, when readable.</param>
/// <param name="User">The user's account name, or its numeric id when it has no name.</param>
public sealed record ProcessIdentity(string? Executable, string? Path, string? User)
{
    public static ProcessIdentity Unknown { get; } = new(null, null, null);
}
