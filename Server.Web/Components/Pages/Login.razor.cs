using System.ComponentModel.DataAnnotations;
using IocpAdmin.Web.Data;
using IocpAdmin.Web.Security;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Components;

namespace IocpAdmin.Web.Components.Pages;

/// <summary>
/// The sign-in page: plain HTTP, not interactive, because it sets the authentication cookie.
/// The form carries an anti-forgery token (EditForm adds it).
/// </summary>
public sealed partial class Login
{
    private const string WrongNameOrPassword = "Wrong user name or password.";

    private string? _error;

    [Inject]
    private ConsoleUsers Users { get; set; } = default!;

    [Inject]
    private SignInSessions Sessions { get; set; } = default!;

    [Inject]
    private AccountLockouts Lockouts { get; set; } = default!;

    [Inject]
    private ILogger<Login> Logger { get; set; } = default!;

    [Inject]
    private AuditLog Audit { get; set; } = default!;

    [Inject]
    private NavigationManager Navigation { get; set; } = default!;

    [CascadingParameter]
    private HttpContext HttpContext { get; set; } = default!;

    [SupplyParameterFromForm]
    private SignInForm Input { get; set; } = default!;

    [SupplyParameterFromQuery]
    private string? ReturnUrl { get; set; }

    protected override void OnInitialized() => Input ??= new SignInForm();

    private async Task SignInAsync()
    {
        var from = HttpContext.Connection.RemoteIpAddress?.ToString() ?? "unknown address";
        var cancellationToken = HttpContext.RequestAborted;
        VerifiedUser? user;
        using (await Lockouts.EnterAsync(Input.UserName, cancellationToken))
        {
            if (await Lockouts.LockedUntilAsync(Input.UserName, cancellationToken) is { } until)
            {
                // The same hashing work and the same message as a wrong password: a guesser learns nothing.
                PasswordHashing.VerifyDecoy(Input.Password);
                _error = WrongNameOrPassword;
                Diagnostics.Log.SignInLocked(Logger, AccountLockouts.KeyOf(Input.UserName), from);
                await Audit.RecordAsync(Input.UserName, AuditActions.SignInLocked, "console",
                    $"from {from}; the account is locked until {until:yyyy-MM-dd HH:mm:ss} UTC", succeeded: false);
                return;
            }

            (user, var exists) = await Users.VerifyAsync(Input.UserName, Input.Password, cancellationToken);
            if (user is null)
            {
                _error = WrongNameOrPassword;
                await Audit.RecordAsync(Input.UserName, AuditActions.SignInFailed, "console", $"from {from}", succeeded: false);
                if (exists)
                {
                    await Lockouts.RecordFailureAsync(Input.UserName, from, cancellationToken);
                }

                return;
            }

            await Lockouts.RecordSuccessAsync(user.Name, cancellationToken);
        }

        var sessionId = await Sessions.StartAsync(user.Name, cancellationToken);
        await HttpContext.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, ConsolePrincipal.Create(user.Name, user.Role, sessionId));
        await Audit.RecordAsync(user.Name, AuditActions.SignIn, "console", $"from {from}", succeeded: true);
        Navigation.NavigateTo(LocalReturnUrl(ReturnUrl), forceLoad: true);
    }

    /// <summary>Only a path on this site: an open redirect would let a link sign people in and send them elsewhere.</summary>
    private static string LocalReturnUrl(string? url) =>
        url is { Length: > 0 } && !url.Contains("//", StringComparison.Ordinal) && !url.Contains('\\', StringComparison.Ordinal)
            && Uri.IsWellFormedUriString(url, UriKind.Relative)
            ? "/" + url.TrimStart('/')
            : "/";

    private sealed class SignInForm
    {
        [Required(ErrorMessage = "Enter your user name.")]
        [StringLength(64)]
        public string UserName { get; set; } = string.Empty;

        [Required(ErrorMessage = "Enter your password.")]
        [StringLength(256)]
        public string Password { get; set; } = string.Empty;
    }
}
