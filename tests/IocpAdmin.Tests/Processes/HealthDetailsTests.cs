using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using IocpAdmin.Tests.Infrastructure;

namespace IocpAdmin.Tests.Processes;

/// <summary>
/// <c>/healthz</c> tells anyone whether the server is healthy and nothing else; the paths, counts
/// and faults go to a signed-in console user or a caller with the health token.
/// </summary>
public sealed class HealthDetailsTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    [Trait(WindowsLeg.Trait, WindowsLeg.Name)]
    public async Task Healthz_Anonymous_GetsTheStatusAlone_TheTokenOrASignInGetsTheDetails()
    {
        await using var server = await ServerProcess.StartAsync(_directory.File("records.db"));
        using var http = ConsoleSignIn.Client(server.BaseUrl);

        using var anonymous = await http.GetAsync(new Uri("/healthz", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, anonymous.StatusCode);
        Assert.Equal("""{"status":"Healthy"}""", await anonymous.Content.ReadAsStringAsync());
        Assert.True(anonymous.Headers.CacheControl?.NoStore, "the answer depends on the caller: never cached");

        // One character off (a random token may end in "0" already: then it is changed to "1").
        using var wrongToken = await GetWithTokenAsync(http, server.HealthToken[..^1] + (server.HealthToken[^1] == '0' ? "1" : "0"));
        Assert.Equal("""{"status":"Healthy"}""", await wrongToken.Content.ReadAsStringAsync());

        using var withToken = await GetWithTokenAsync(http, server.HealthToken);
        var details = await withToken.Content.ReadFromJsonAsync<JsonElement>();
        var data = details.GetProperty("entries").GetProperty("record-server").GetProperty("data");
        Assert.Equal(server.DatabasePath, data.GetProperty("database").GetString());
        Assert.Equal(0, data.GetProperty("clients").GetInt32());

        var cookies = new CookieContainer();
        await ConsoleSignIn.SignInAsync(server.BaseUrl, cookies, "admin", ConsoleSignIn.FirstAdminPassword(server));
        using var signedIn = ConsoleSignIn.Client(server.BaseUrl, cookies);
        var seen = await signedIn.GetFromJsonAsync<JsonElement>(new Uri("/healthz", UriKind.Relative));
        Assert.Equal(server.DatabasePath, seen.GetProperty("entries").GetProperty("record-server").GetProperty("data").GetProperty("database").GetString());
    }

    [Fact]
    public async Task HealthToken_TooShort_StopsTheStartWithOneLine()
    {
        await using var server = ServerProcess.Launch(_directory.File("records.db"), TestNames.Pipe(), "--Auth:HealthToken=short");

        Assert.Equal(1, await server.WaitForExitAsync(TimeSpan.FromSeconds(60)));
        Assert.Contains("error: ", server.Output, StringComparison.Ordinal);
        Assert.Contains("Auth:HealthToken must be at least 24 characters long", server.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", server.Output, StringComparison.Ordinal);
    }

    private static async Task<HttpResponseMessage> GetWithTokenAsync(HttpClient http, string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/healthz");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await http.SendAsync(request);
    }
}
