
namespace IocpAdmin.Web.Security;

/// <summary>
/// <c>dotnet Server.Web.dll hash-password</c>: reads a password from standard input and prints its
/// hash for <c>Auth:Users:N:PasswordHash</c>. The password is never taken as an argument, so it
/// stays out of shell history and process lists.
/// </summary>
internal static class HashPasswordCommand
{
    public const string Verb = "hash-password";

    public static int Run()
    {
        if (!Console.IsInputRedirected)
        {
            Console.Error.Write("Password: ");
        }

        var password = Console.In.ReadLine();
        if (string.IsNullOrEmpty(password))
        {
            Console.Error.WriteLine("error: no password given on standard input");
            return 2;
        }

        if (password.Length < 12)
        {
            Console.Error.WriteLine("error: use at least 12 characters");
            return 2;
        }

        Console.WriteLine(PasswordHashing.Hash(password));
        return 0;
    }
}
