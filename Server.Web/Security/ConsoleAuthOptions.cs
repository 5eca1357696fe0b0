using System.ComponentModel.DataAnnotations;

namespace IocpAdmin.Web.Security;

/// <summary>Sign-in settings (configuration section <c>Auth</c>).</summary>
public sealed class ConsoleAuthOptions
{
    public const string SectionName = "Auth";

    /// <summary>Users declared in configuration; they sign in alongside those in the database.</summary>
    public List<ConfiguredUser> Users { get; set; } = [];

    /// <summary>How long a sign-in lasts without activity.</summary>
    [Range(1, 720, ErrorMessage = "Auth:SessionHours must be between {1} and {2}.")]
    public int SessionHours { get; set; } = 8;

    /// <summary>
    /// Sign-in attempts (form posts) allowed from one address per minute, sliding; more get HTTP
    /// 429 with Retry-After. Ten lets a person mistype several times; it holds a guesser to 14,400 a day.
    /// </summary>
    [Range(1, 10_000, ErrorMessage = "Auth:SignInAttemptsPerMinute must be between {1} and {2}.")]
    public int SignInAttemptsPerMinute { get; set; } = 10;
}
