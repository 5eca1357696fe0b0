using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;

namespace IocpAdmin.Tests.Infrastructure;

/// <summary>Signing in to a real server's console over HTTP, as the browser's form does.</summary>
public static partial class ConsoleSignIn
{
    public const string WrongNameOrPassword = "Wrong user name or password.";

    /// <summary>The first-run admin's password, from the server's log.</summary>
    public static string FirstAdminPassword(ServerProcess server)
    {
        var match = FirstAdminLine().Match(server.Output);
        Assert.True(match.Success, $"the first start creates the admin and prints its password once. Output:\n{server.Output}");
        return match.Groups[1].Value;
    }

    /// <summary>
    /// An HTTP client that keeps cookies and does not follow redirects; with <paramref name="from"/>,
    /// its connections leave from that loopback address (127.0.0.2, ...), so the server sees another address.
    /// </summary>
    public static HttpClient Client(Uri baseUrl, CookieContainer? cookies = null, IPAddress? from = null)
    {
        var handler = new SocketsHttpHandler { CookieContainer = cookies ?? new CookieContainer(), AllowAutoRedirect = false };
        if (from is not null)
        {
            handler.ConnectCallback = async (context, cancellationToken) =>
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    socket.Bind(new IPEndPoint(from, 0));
                    await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            };
        }

        return new HttpClient(handler, disposeHandler: true) { BaseAddress = baseUrl };
    }

    /// <summary>Loads the sign-in page and posts its form: 302 when signed in, 200 with the page's error when not.</summary>
    public static async Task<HttpResponseMessage> PostAsync(HttpClient http, string user, string password)
    {
        var page = await http.GetStringAsync(new Uri("/account/login", UriKind.Relative));
        var token = AntiForgeryToken().Match(page);
        Assert.True(token.Success, "the sign-in form carries an anti-forgery token");
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "sign-in",
            ["__RequestVerificationToken"] = WebUtility.HtmlDecode(token.Groups[1].Value),
            ["Input.UserName"] = user,
            ["Input.Password"] = password,
        });
        return await http.PostAsync(new Uri("/account/login", UriKind.Relative), form);
    }

    /// <summary>Signs in and keeps the cookie in <paramref name="cookies"/>; fails the test if refused.</summary>
    public static async Task SignInAsync(Uri baseUrl, CookieContainer cookies, string user, string password)
    {
        using var http = Client(baseUrl, cookies);
        using var response = await PostAsync(http, user, password);
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"signed in: {response.StatusCode}");
    }

    [GeneratedRegex(@"created user 'admin' \(Support\) with password (\S+) \.")]
    private static partial Regex FirstAdminLine();

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex AntiForgeryToken();
}
