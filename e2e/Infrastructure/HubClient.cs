using System.Net;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Playwright;

namespace IocpAdmin.E2E.Infrastructure;

/// <summary>A connection to /hubs/dashboard as an external tool makes it, with a browser context's sign-in cookie.</summary>
public static class HubClient
{
    public static async Task<HubConnection> ConnectAsync(Uri baseUrl, IBrowserContext signedIn) =>
        await ConnectAsync(baseUrl, await signedIn.CookiesAsync());

    /// <summary>With cookies taken earlier: a tool that kept a sign-in cookie after the browser dropped it.</summary>
    public static async Task<HubConnection> ConnectAsync(Uri baseUrl, IReadOnlyList<BrowserContextCookiesResult> signInCookies)
    {
        var cookies = new CookieContainer();
        foreach (var cookie in signInCookies)
        {
            cookies.Add(new System.Net.Cookie(cookie.Name, cookie.Value, cookie.Path, cookie.Domain));
        }

        var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(baseUrl, "hubs/dashboard"), options => options.Cookies = cookies)
            .Build();
        await connection.StartAsync();
        return connection;
    }
}
