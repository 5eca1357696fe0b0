using System.Security.Cryptography;
using Microsoft.AspNetCore.Identity;

namespace IocpAdmin.Web.Security;

/// <summary>Password hashes in ASP.NET Core Identity's format (PBKDF2-HMAC-SHA512, 100,000 iterations, salted).</summary>
public static class PasswordHashing
{
    private static readonly PasswordHasher<object> s_hasher = new();

    // Verified against when a name is unknown, so that an unknown name takes as long as a wrong password.
    private static readonly string s_decoy = s_hasher.HashPassword(new object(), "decoy-" + Guid.NewGuid());

    public static string Hash(string password) => s_hasher.HashPassword(new object(), password);

    public static bool Verify(string hash, string password)
    {
        try
        {
            return s_hasher.VerifyHashedPassword(new object(), hash, password) != PasswordVerificationResult.Failed;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    public static void VerifyDecoy(string password) => Verify(s_decoy, password);

    /// <summary>True when the text is a hash this format can verify (so configuration errors show at start).</summary>
    public static bool LooksValid(string hash)
    {
        Span<byte> bytes = stackalloc byte[128];
        return Convert.TryFromBase64String(hash, bytes, out var length) && length > 13 && bytes[0] == 0x01;
    }

    /// <summary>A random password for the first-start admin: 20 characters from a 64-symbol alphabet (120 bits).</summary>
    public static string NewRandomPassword() =>
        Convert.ToBase64String(RandomNumberGenerator.GetBytes(15)).Replace('+', '-').Replace('/', '_');
}
