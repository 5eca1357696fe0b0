using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace IocpAdmin.Web.Security;

/// <summary>
/// Where the console's Data Protection keys live (they encrypt the sign-in cookie and the
/// anti-forgery tokens), and how they are protected at rest. Kept with the server's data, so that a
/// restart (or a container whose data folder is a volume) keeps everybody signed in, and deleting
/// them signs everybody out. Configuration section <c>Console</c>.
/// </summary>
public sealed class ConsoleKeysOptions
{
    public const string SectionName = "Console";

    /// <summary>The keys' folder. Empty: <c>keys</c> beside the records database.</summary>
    public string KeysDirectory { get; set; } = "";

    /// <summary>A PKCS#12 (.pfx) file whose certificate encrypts the keys at rest. Empty: none (DPAPI on Windows).</summary>
    public string KeysCertificatePath { get; set; } = "";

    /// <summary>The password of <see cref="KeysCertificatePath"/>, if it has one.</summary>
    public string KeysCertificatePassword { get; set; } = "";
}

/// <summary>Registers Data Protection on <see cref="ConsoleKeysOptions"/>.</summary>
internal static class ConsoleKeys
{
    // Logs "No XML encryptor configured" when it writes a key that nothing encrypts.
    private const string KeyManagerCategory = "Microsoft.AspNetCore.DataProtection.KeyManagement.XmlKeyManager";

    public static WebApplicationBuilder AddConsoleKeys(this WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(ConsoleKeysOptions.SectionName).Get<ConsoleKeysOptions>() ?? new ConsoleKeysOptions();
        var directory = ResolveDirectory(options, builder.Configuration);
        builder.Services.AddOptions<ConsoleKeysOptions>()
            .Bind(builder.Configuration.GetSection(ConsoleKeysOptions.SectionName))
            .ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<ConsoleKeysOptions>>(new Validator(directory));

        var protection = builder.Services.AddDataProtection()
            .SetApplicationName("IocpAdmin")
            .PersistKeysToFileSystem(new DirectoryInfo(directory));
        if (options.KeysCertificatePath.Length > 0)
        {
            // Not loadable: the validation above stops the start with its reason.
            if (TryLoad(options, out var certificate))
            {
                protection.ProtectKeysWithCertificate(certificate);
            }
        }
        else if (OperatingSystem.IsWindows())
        {
            protection.ProtectKeysWithDpapi();
        }
        else
        {
            // The platform offers no protection without a secret of our own: the folder is the
            // server account's alone (0700, like the database's own permissions decide who reads
            // it), which docs/security.md says, so the key manager's warning at every new key says
            // nothing the operator can act on. Its errors are still logged.
            builder.Logging.AddFilter(KeyManagerCategory, LogLevel.Error);
        }

        return builder;
    }

    /// <summary>Says at start where the keys are and how they are protected.</summary>
    public static void LogWhere(IServiceProvider services)
    {
        var configuration = services.GetRequiredService<IConfiguration>();
        var options = services.GetRequiredService<IOptions<ConsoleKeysOptions>>().Value;
        var protection = options.KeysCertificatePath.Length > 0 ? $"encrypted with the certificate in {options.KeysCertificatePath}"
            : OperatingSystem.IsWindows() ? "encrypted with DPAPI for the server's account"
            : "not encrypted; the folder is the server account's alone (Console:KeysCertificatePath encrypts them)";
        Diagnostics.Log.ConsoleKeys(services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(ConsoleKeys)),
            ResolveDirectory(options, configuration), protection);
    }

    private static string ResolveDirectory(ConsoleKeysOptions options, IConfiguration configuration)
    {
        if (options.KeysDirectory.Length > 0)
        {
            return Path.GetFullPath(options.KeysDirectory);
        }

        var connectionString = configuration.GetConnectionString("Records") ?? "Data Source=records.db";
        string? source;
        try
        {
            source = new SqliteConnectionStringBuilder(connectionString).DataSource;
        }
        catch (ArgumentException)
        {
            // The store reports a bad connection string itself.
            source = null;
        }

        // An in-memory or URI database has no folder: the keys go to the working folder's "keys".
        var beside = source is { Length: > 0 } && !source.StartsWith(':') && !source.StartsWith("file:", StringComparison.Ordinal)
            ? Path.GetDirectoryName(Path.GetFullPath(source))
            : null;
        return Path.Combine(beside ?? Directory.GetCurrentDirectory(), "keys");
    }

    private static void Prepare(string directory)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(directory);
        }
        else
        {
            Directory.CreateDirectory(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            // An existing folder keeps its mode: narrow it, as the keys decrypt every cookie.
            File.SetUnixFileMode(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        // Writable: a key that cannot be saved would be lost at the next restart, signing everybody out.
        var probe = Path.Combine(directory, $".write-test-{Environment.ProcessId}");
        File.WriteAllText(probe, "");
        File.Delete(probe);
    }

    private static bool TryPrepare(string directory, out Exception? failure)
    {
        try
        {
            Prepare(directory);
            failure = null;
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            failure = ex;
            return false;
        }
    }

    private static X509Certificate2 Load(ConsoleKeysOptions options)
    {
        var certificate = X509CertificateLoader.LoadPkcs12FromFile(options.KeysCertificatePath,
            options.KeysCertificatePassword.Length == 0 ? null : options.KeysCertificatePassword);
        if (!certificate.HasPrivateKey)
        {
            certificate.Dispose();
            throw new CryptographicException("the file has no private key, which decrypting the keys needs");
        }

        return certificate;
    }

    private static bool TryLoad(ConsoleKeysOptions options, out X509Certificate2 certificate)
    {
        try
        {
            certificate = Load(options);
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or CryptographicException or ArgumentException)
        {
            certificate = null!;
            return false;
        }
    }

    /// <summary>The folder can be made and written, and the certificate (if any) loads with its private key.</summary>
    private sealed class Validator(string directory) : IValidateOptions<ConsoleKeysOptions>
    {
        public ValidateOptionsResult Validate(string? name, ConsoleKeysOptions options)
        {
            var failures = new List<string>();
            if (!TryPrepare(directory, out var failure))
            {
                failures.Add($"Console:KeysDirectory: cannot keep the console's keys in '{directory}': {failure!.Message}");
            }

            if (options.KeysCertificatePath.Length > 0)
            {
                try
                {
                    Load(options).Dispose();
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or CryptographicException or ArgumentException)
                {
                    failures.Add($"Console:KeysCertificatePath: cannot load '{options.KeysCertificatePath}': {ex.Message}");
                }
            }

            return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
        }
    }
}
