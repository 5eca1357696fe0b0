using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using IocpAdmin.Tests.Infrastructure;

namespace IocpAdmin.Tests.Processes;

/// <summary>
/// The console's Data Protection keys (they encrypt the sign-in cookie) live with the server's data:
/// a restart keeps people signed in, deleting them signs everybody out, and a certificate encrypts them.
/// </summary>
public sealed class ConsoleKeysTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    [Trait(WindowsLeg.Trait, WindowsLeg.Name)]
    public async Task FirstStart_KeepsTheKeysBesideTheDatabase_ProtectedAsThePlatformAllows_WithoutAWarning()
    {
        await using var server = await ServerProcess.StartAsync(_directory.File("records.db"));
        var keys = _directory.File("keys");

        var key = await File.ReadAllTextAsync(Directory.GetFiles(keys, "key-*.xml").First());
        if (OperatingSystem.IsWindows())
        {
            // DPAPI for the server's account.
            Assert.Contains($"Console keys in {keys}, encrypted with DPAPI", server.Output, StringComparison.Ordinal);
            Assert.Contains("DpapiXmlDecryptor", key, StringComparison.Ordinal);
        }
        else
        {
            // Nothing to encrypt with and no secret to hold: a folder only the server's account opens.
            Assert.Contains($"Console keys in {keys}, not encrypted", server.Output, StringComparison.Ordinal);
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(keys));
        }

        Assert.DoesNotContain("No XML encryptor configured", server.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Restart_KeepsASignedInCookieValid_AndDeletingTheKeysSignsItOut()
    {
        WindowsLeg.SkipOnWindows("the restart stops the server with SIGTERM");
        var database = _directory.File("records.db");
        var pipe = TestNames.Pipe();
        var cookies = new CookieContainer();
        var server = await ServerProcess.StartAsync(database, pipe);
        try
        {
            var password = ConsoleSignIn.FirstAdminPassword(server);
            await ConsoleSignIn.SignInAsync(server.BaseUrl, cookies, "admin", password);
            Assert.Equal(HttpStatusCode.OK, await StatusOfClientsPageAsync(server.BaseUrl, cookies));

            server = await RestartAsync(server, database, pipe);
            Assert.Equal(HttpStatusCode.OK, await StatusOfClientsPageAsync(server.BaseUrl, cookies));

            await server.DisposeAsync();
            Directory.Delete(_directory.File("keys"), recursive: true);
            server = await ServerProcess.StartAsync(database, pipe);
            Assert.Equal(HttpStatusCode.Redirect, await StatusOfClientsPageAsync(server.BaseUrl, cookies));
        }
        finally
        {
            await server.DisposeAsync();
        }
    }

    [Fact]
    public async Task Certificate_Configured_EncryptsTheKeysAtRest_AndARestartStillReadsThem()
    {
        WindowsLeg.SkipOnWindows("the restart stops the server with SIGTERM");
        var pfx = _directory.File("keys.pfx");
        using (var rsa = RSA.Create(2048))
        {
            var request = new CertificateRequest("CN=IocpAdmin console keys", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
            await File.WriteAllBytesAsync(pfx, certificate.Export(X509ContentType.Pfx, "secret"));
        }

        string[] args = [$"--Console:KeysCertificatePath={pfx}", "--Console:KeysCertificatePassword=secret"];
        var database = _directory.File("records.db");
        var pipe = TestNames.Pipe();
        var cookies = new CookieContainer();
        var server = await ServerProcess.StartAsync(database, pipe, args);
        try
        {
            Assert.Contains($"encrypted with the certificate in {pfx}", server.Output, StringComparison.Ordinal);
            var key = await File.ReadAllTextAsync(Directory.GetFiles(_directory.File("keys"), "key-*.xml").Single());
            Assert.Contains("EncryptedData", key, StringComparison.Ordinal);
            Assert.DoesNotContain("<masterKey", key, StringComparison.Ordinal);

            await ConsoleSignIn.SignInAsync(server.BaseUrl, cookies, "admin", ConsoleSignIn.FirstAdminPassword(server));
            server = await RestartAsync(server, database, pipe, args);
            Assert.Equal(HttpStatusCode.OK, await StatusOfClientsPageAsync(server.BaseUrl, cookies));
        }
        finally
        {
            await server.DisposeAsync();
        }
    }

    [Theory]
    [InlineData("--Console:KeysCertificatePath=/nonexistent/keys.pfx", "Console:KeysCertificatePath: cannot load '/nonexistent/keys.pfx'")]
    [InlineData("--Console:KeysDirectory=/proc/iocpadmin-keys", "Console:KeysDirectory: cannot keep the console's keys in '/proc/iocpadmin-keys'")]
    public async Task KeysSetting_ThatCannotBeUsed_StopsTheStartWithOneLine(string setting, string expected)
    {
        WindowsLeg.SkipOnWindows("Unix paths");
        await using var server = ServerProcess.Launch(_directory.File("records.db"), TestNames.Pipe(), setting);

        Assert.Equal(1, await server.WaitForExitAsync(TimeSpan.FromSeconds(60)));
        Assert.Contains("error: " + expected, server.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", server.Output, StringComparison.Ordinal);
    }

    private static async Task<ServerProcess> RestartAsync(ServerProcess server, string database, string pipe, params string[] args)
    {
        server.Terminate();
        Assert.Equal(0, await server.WaitForExitAsync(TimeSpan.FromSeconds(60)));
        await server.DisposeAsync();
        return await ServerProcess.StartAsync(database, pipe, args);
    }

    // The cookie is for the host, not the port: the restarted server (on a new port) receives it.
    private static async Task<HttpStatusCode> StatusOfClientsPageAsync(Uri baseUrl, CookieContainer cookies)
    {
        using var http = ConsoleSignIn.Client(baseUrl, cookies);
        using var response = await http.GetAsync(new Uri("/clients", UriKind.Relative));
        if (response.StatusCode == HttpStatusCode.Redirect)
        {
            Assert.Contains("/account/login", response.Headers.Location?.ToString(), StringComparison.Ordinal);
        }

        return response.StatusCode;
    }
}
