using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace IocpAdmin.Web.Security;

/// <summary>
/// Checks each user declared under <c>Auth:Users</c> against its own rules (name, hash, role):
/// data-annotation validation of the options does not look inside a list, so without this a role
/// of "Admin" started the server with a user who could never see a page.
/// </summary>
internal sealed class ConfiguredUsersValidator : IValidateOptions<ConsoleAuthOptions>
{
    public ValidateOptionsResult Validate(string? name, ConsoleAuthOptions options)
    {
        var failures = new List<string>();
        for (var i = 0; i < options.Users.Count; i++)
        {
            var user = options.Users[i];
            var results = new List<ValidationResult>();
            if (!Validator.TryValidateObject(user, new ValidationContext(user), results, validateAllProperties: true))
            {
                failures.AddRange(results.Select(result => $"{ConsoleAuthOptions.SectionName}:Users:{i}: {result.ErrorMessage}"));
            }
            else if (!PasswordHashing.LooksValid(user.PasswordHash))
            {
                failures.Add($"{ConsoleAuthOptions.SectionName}:Users:{i}: the PasswordHash is not a hash from `dotnet Server.Web.dll hash-password`");
            }
        }

        if (options.Users.Select(u => u.Name.ToUpperInvariant()).Distinct().Count() != options.Users.Count)
        {
            failures.Add($"{ConsoleAuthOptions.SectionName}:Users: a name appears twice");
        }

        if (options.LockoutMaxDuration < options.LockoutDuration)
        {
            failures.Add($"{ConsoleAuthOptions.SectionName}:LockoutMaxDuration ({options.LockoutMaxDuration}) must not be shorter than {ConsoleAuthOptions.SectionName}:LockoutDuration ({options.LockoutDuration})");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
