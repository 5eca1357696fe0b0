using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using IocpAdmin.Cli.Connection;
using Polly;
using Polly.Retry;

namespace IocpAdmin.Cli.Commands.Admin;

/// <summary>
/// The console's HTTP API (<c>/api/v1</c>) with a token. Reads are retried on a connection failure
/// or a 502/503/504 (a Polly pipeline: exponential backoff with jitter); a change is sent once, never
/// retried, since it may have happened. Every refusal becomes one line saying what to do.
/// </summary>
internal sealed class ConsoleApi : IDisposable
{
    private readonly HttpClient _http;
    private readonly ResiliencePipeline<HttpResponseMessage> _retry;

    /// <param name="timeout">How long one call may take; <see cref="ConsoleSettings.Timeout"/> by default.</param>
    public ConsoleApi(ConsoleSettings settings, TimeSpan? timeout = null)
    {
        _http = new HttpClient { BaseAddress = settings.BaseAddress, Timeout = timeout ?? TimeSpan.FromSeconds(settings.Timeout) };
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", settings.TokenValue);
        _http.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        _retry = new ResiliencePipelineBuilder<HttpResponseMessage>()
            .AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                ShouldHandle = new PredicateBuilder<HttpResponseMessage>()
                    .Handle<HttpRequestException>()
                    .HandleResult(static r => r.StatusCode is HttpStatusCode.BadGateway or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout),
                MaxRetryAttempts = 3,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = TimeSpan.FromMilliseconds(200),
            })
            .Build();
    }

    public Task<JsonNode> GetAsync(string path, CancellationToken cancellationToken) =>
        SendAsync(() => new HttpRequestMessage(HttpMethod.Get, path), retry: true, cancellationToken);

    public Task<JsonNode> PostAsync(string path, object body, CancellationToken cancellationToken) =>
        SendAsync(() => new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) }, retry: false, cancellationToken);

    public Task<JsonNode> PutAsync(string path, object body, CancellationToken cancellationToken) =>
        SendAsync(() => new HttpRequestMessage(HttpMethod.Put, path) { Content = JsonContent.Create(body) }, retry: false, cancellationToken);

    public Task<JsonNode> DeleteAsync(string path, CancellationToken cancellationToken) =>
        SendAsync(() => new HttpRequestMessage(HttpMethod.Delete, path), retry: false, cancellationToken);

    public void Dispose() => _http.Dispose();

    /// <summary>GET of a file (the support bundle): its bytes.</summary>
    public async Task<byte[]> DownloadAsync(string path, CancellationToken cancellationToken)
    {
        using var response = await SendRawAsync(() => new HttpRequestMessage(HttpMethod.Get, path), retry: true, cancellationToken);
        return await response.Content.ReadAsByteArrayAsync(cancellationToken);
    }

    private async Task<JsonNode> SendAsync(Func<HttpRequestMessage> request, bool retry, CancellationToken cancellationToken)
    {
        using var response = await SendRawAsync(request, retry, cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        return text.Length == 0 ? new JsonObject() : JsonNode.Parse(text) ?? new JsonObject();
    }

    /// <summary>Sends and returns the successful response; a failure becomes the CLI error its status means.</summary>
    private async Task<HttpResponseMessage> SendRawAsync(Func<HttpRequestMessage> request, bool retry, CancellationToken cancellationToken)
    {
        HttpResponseMessage response;
        try
        {
            response = retry
                ? await _retry.ExecuteAsync(async token => await _http.SendAsync(request(), token), cancellationToken)
                : await _http.SendAsync(request(), cancellationToken);
        }
        catch (HttpRequestException ex)
        {
            throw new CliException($"cannot reach the console at {_http.BaseAddress}: {ex.Message} (is it running? see --url)", ExitCodes.Failure);
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new CliException($"the console at {_http.BaseAddress} did not answer within {_http.Timeout.TotalSeconds:0} s (see --timeout)", ExitCodes.Failure);
        }

        if (response.IsSuccessStatusCode)
        {
            return response;
        }

        using (response)
        {
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            var title = Title(text) ?? response.ReasonPhrase ?? "no reason given";
            throw response.StatusCode switch
            {
                HttpStatusCode.Unauthorized => new CliException($"the console refused the token: {title} (is it revoked? see --token)", ExitCodes.Failure),
                HttpStatusCode.Forbidden => new CliException($"refused: {title}", ExitCodes.Forbidden),
                HttpStatusCode.NotFound => new CliException(title, ExitCodes.NotFound),
                HttpStatusCode.BadRequest or HttpStatusCode.Conflict or HttpStatusCode.UnsupportedMediaType => new CliException(title, ExitCodes.Usage),
                _ => new CliException($"the console answered HTTP {(int)response.StatusCode}: {title}", ExitCodes.Failure),
            };
        }
    }

    private static string? Title(string body)
    {
        try
        {
            return JsonNode.Parse(body)?["title"]?.GetValue<string>();
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
