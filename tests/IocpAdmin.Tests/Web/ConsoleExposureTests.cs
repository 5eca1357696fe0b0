using IocpAdmin.Web.Components.Layout;
using IocpAdmin.Web.Hosting;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using MudBlazor.Services;

namespace IocpAdmin.Tests.Web;

/// <summary>Which configured addresses serve the console over plain HTTP to other machines.</summary>
public sealed class ConsoleExposureTests
{
    [Theory]
    [InlineData("urls", "http://0.0.0.0:80")]
    [InlineData("urls", "http://+:8080")]
    [InlineData("urls", "http://*:5000")]
    [InlineData("urls", "http://[::]:5000")]
    [InlineData("urls", "http://192.168.1.20:5000")]
    [InlineData("urls", "http://console.example.com:5000")]
    [InlineData("urls", "http://127.0.0.1:5000;http://10.0.0.5:5000")]
    [InlineData("http_ports", "8080")]
    [InlineData("Kestrel:Endpoints:Web:Url", "http://0.0.0.0:5000")]
    public void PlainHttp_ToOtherMachines_IsRefusedNamingTheAddressAndTheWayOut(string key, string value)
    {
        var exposure = ConsoleExposure.Of(Configuration((key, value)));

        Assert.True(exposure.InsecureRemote);
        var refusal = exposure.Refusal();
        Assert.NotNull(refusal);
        Assert.StartsWith(exposure.InsecureRemoteUrls[0] + " would serve the console over plain HTTP to other machines", refusal, StringComparison.Ordinal);
        Assert.Contains("Console:AllowInsecureRemote=true", refusal, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://127.0.0.1:5000")]
    [InlineData("http://localhost:5000")]
    [InlineData("http://[::1]:5000")]
    [InlineData("http://127.0.0.1:0")]
    [InlineData("https://0.0.0.0:5001")]
    [InlineData("https://+:443;http://127.0.0.1:5000")]
    public void LoopbackOrHttps_IsNotRefused(string urls)
    {
        var exposure = ConsoleExposure.Of(Configuration(("urls", urls)));

        Assert.False(exposure.InsecureRemote);
        Assert.Null(exposure.Refusal());
    }

    [Fact]
    public void KestrelEndpoints_WhenConfigured_ReplaceUrls_AsKestrelDoes()
    {
        var exposure = ConsoleExposure.Of(Configuration(("urls", "http://0.0.0.0:80"), ("Kestrel:Endpoints:Web:Url", "http://127.0.0.1:5000")));

        Assert.Null(exposure.Refusal());
    }

    [Fact]
    public void PlainHttp_ToOtherMachines_WithAllowInsecureRemote_StartsAndIsFlaggedForTheBanner()
    {
        var exposure = ConsoleExposure.Of(Configuration(("urls", "http://0.0.0.0:80"), ("Console:AllowInsecureRemote", "true")));

        Assert.Null(exposure.Refusal());
        Assert.True(exposure.InsecureRemote);
        Assert.Equal(["http://0.0.0.0:80"], exposure.InsecureRemoteUrls);
    }

    [Fact]
    public async Task Banner_WhenInsecureRemoteIsAllowed_NamesTheAddressesAndTheSetting_OtherwiseRendersNothing()
    {
        var shown = await RenderBannerAsync(ConsoleExposure.Of(Configuration(("urls", "http://0.0.0.0:80;http://127.0.0.1:5000"), ("Console:AllowInsecureRemote", "true"))));
        var hidden = await RenderBannerAsync(ConsoleExposure.Of(Configuration(("urls", "http://127.0.0.1:5000"))));

        Assert.Contains("data-testid=\"insecure-remote-banner\"", shown, StringComparison.Ordinal);
        Assert.Contains("plain HTTP to other machines (http://0.0.0.0:80)", shown, StringComparison.Ordinal);
        Assert.Contains("Console:AllowInsecureRemote is set", shown, StringComparison.Ordinal);
        Assert.Equal("", hidden.Trim());
    }

    /// <summary>The real component, rendered to HTML by Blazor's own renderer (tests bind loopback only, so no server shows it).</summary>
    private static async Task<string> RenderBannerAsync(ConsoleExposure exposure)
    {
        var services = new ServiceCollection().AddSingleton(exposure).AddMudServices().AddLogging().BuildServiceProvider();
        await using var _ = services;
        await using var renderer = new HtmlRenderer(services, NullLoggerFactory.Instance);
        return await renderer.Dispatcher.InvokeAsync(async () => (await renderer.RenderComponentAsync<InsecureRemoteBanner>()).ToHtmlString());
    }

    private static IConfiguration Configuration(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build();
}
