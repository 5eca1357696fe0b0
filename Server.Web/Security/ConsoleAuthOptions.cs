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

    /// <summary>
    /// Failed sign-ins for one account, from any address, within <see cref="LockoutWindow"/> that
    /// lock it; 0 turns account lockout off (the per-address limit still applies).
    /// </summary>
    [Range(0, 1000, ErrorMessage = "Auth:LockoutFailures must be between {1} and {2} (0 turns lockout off).")]
    public int LockoutFailures { get; set; } = 5;

    /// <summary>How long failures count towards a lock, from the first of them.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "30.00:00:00", ErrorMessage = "Auth:LockoutWindow must be between {1} and {2} (a time span, e.g. 00:15:00).")]
    public TimeSpan LockoutWindow { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>How long the first lock lasts; each further one before a good sign-in or an unlock lasts twice as long.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "30.00:00:00", ErrorMessage = "Auth:LockoutDuration must be between {1} and {2} (a time span, e.g. 00:05:00).")]
    public TimeSpan LockoutDuration { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>The longest a lock grows to.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "365.00:00:00", ErrorMessage = "Auth:LockoutMaxDuration must be between {1} and {2} (a time span, e.g. 1.00:00:00).")]
    public TimeSpan LockoutMaxDuration { get; set; } = TimeSpan.FromDays(1);

    /// <summary>
    /// A secret that lets a caller without a console sign-in (a monitoring system) read the details
    /// of <c>/healthz</c>, sent as <c>Authorization: Bearer &lt;token&gt;</c>. Unset: only signed-in
    /// console users see them; anonymous callers get the status alone.
    /// </summary>
    [MinLength(HealthTokenMinLength, ErrorMessage = "Auth:HealthToken must be at least {1} characters long (e.g. the output of 'openssl rand -hex 16'), or unset.")]
    public string? HealthToken { get; set; }

    public const int HealthTokenMinLength = 24;
}
