using System.Diagnostics;
using System.Globalization;
using IocpAdmin.Protocol;
using Polly;
using Polly.Retry;

namespace IocpAdmin.Cli.Connection;

/// <summary>
/// The record commands over one pipe connection. Connecting is retried by a Polly pipeline
/// (exponential backoff with jitter, a bounded number of attempts), as is a BUSY answer, which
/// the server gives before it reads anything, so retrying it never runs a request twice.
/// </summary>
internal sealed class RecordClient : IAsyncDisposable
{
    private readonly ConnectionOptions _options;
    private readonly ResiliencePipeline _retry;
    private PipeClient? _pipe;
    private int _attempts;

    public RecordClient(ConnectionOptions options)
    {
        _options = options;
        _retry = options.Retries == 0 ? ResiliencePipeline.Empty : new ResiliencePipelineBuilder()
            .AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = new PredicateBuilder().Handle<TimeoutException>().Handle<ServerBusyException>(),
                MaxRetryAttempts = options.Retries,
                BackoffType = DelayBackoffType.Exponential,
                Delay = TimeSpan.FromMilliseconds(200),
                MaxDelay = TimeSpan.FromSeconds(5),
                UseJitter = true,
                OnRetry = args =>
                {
                    if (options.Verbose)
                    {
                        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                            $"attempt {args.AttemptNumber + 1} of {options.Retries + 1} failed ({Describe(args.Outcome.Exception)}); next in {args.RetryDelay.TotalSeconds:0.00} s"));
                    }

                    return ValueTask.CompletedTask;
                },
            })
            .Build();
    }

    public async Task<ulong> AddAsync(int a, int b, CancellationToken cancellationToken)
    {
        var frame = new byte[RequestWriter.AddSize];
        RequestWriter.WriteAdd(frame, a, b);
        var response = Expect(await RoundTripAsync(frame, cancellationToken), "add the record");
        return response.View.ReadU64();
    }

    /// <summary>The record, or null if no record has this id.</summary>
    public async Task<(int A, int B)?> GetAsync(ulong id, CancellationToken cancellationToken)
    {
        var frame = new byte[RequestWriter.IdSize];
        RequestWriter.WriteRetrieve(frame, id);
        var response = await RoundTripAsync(frame, cancellationToken);
        return response.Status == StatusKind.NotFound ? null : Expect(response, "read the record").View.ReadRecord();
    }

    /// <summary>True if the record existed and is deleted now.</summary>
    public async Task<bool> DeleteAsync(ulong id, CancellationToken cancellationToken)
    {
        var frame = new byte[RequestWriter.IdSize];
        RequestWriter.WriteDelete(frame, id);
        var response = await RoundTripAsync(frame, cancellationToken);
        if (response.Status == StatusKind.NotFound)
        {
            return false;
        }

        Expect(response, "delete the record");
        return true;
    }

    public async Task<ulong> CountAsync(CancellationToken cancellationToken)
    {
        var frame = new byte[RequestWriter.EmptySize];
        RequestWriter.WriteCount(frame);
        return Expect(await RoundTripAsync(frame, cancellationToken), "count the records").View.ReadU64();
    }

    /// <summary>Up to <paramref name="take"/> records above <paramref name="afterId"/>, paging 1,000 at a time.</summary>
    public async Task<List<(ulong Id, int A, int B)>> ListAsync(ulong afterId, int take, CancellationToken cancellationToken)
    {
        var records = new List<(ulong Id, int A, int B)>(Math.Min(take, 10_000));
        var frame = new byte[RequestWriter.ListSize];
        while (records.Count < take)
        {
            var limit = (ushort)Math.Min(ProtocolLimits.MaxListLimit, take - records.Count);
            RequestWriter.WriteList(frame, afterId, limit);
            var response = Expect(await RoundTripAsync(frame, cancellationToken), "list the records");
            var count = response.View.ReadListCount();
            for (var i = 0; i < count; i++)
            {
                records.Add(response.View.ReadListEntry(i));
            }

            if (count < limit)
            {
                break;
            }

            afterId = records[^1].Id;
        }

        return records;
    }

    /// <summary>Sends a PING with <paramref name="payload"/>; returns the round-trip time after checking the echo.</summary>
    public async Task<TimeSpan> PingAsync(byte[] payload, CancellationToken cancellationToken)
    {
        var frame = new byte[RequestWriter.EmptySize + payload.Length];
        RequestWriter.WritePing(frame, payload);
        var started = Stopwatch.GetTimestamp();
        var response = Expect(await RoundTripAsync(frame, cancellationToken), "answer the ping");
        var elapsed = Stopwatch.GetElapsedTime(started);
        if (!response.Payload.AsSpan().SequenceEqual(payload))
        {
            throw new CliException("the server's PING answer does not echo the bytes sent");
        }

        return elapsed;
    }

    public async ValueTask DisposeAsync()
    {
        if (_pipe is not null)
        {
            await _pipe.DisposeAsync();
        }
    }

    private async Task<ResponseFrame> RoundTripAsync(byte[] frame, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(_options.RequestTimeout + (_options.ConnectTimeout * (_options.Retries + 1)));
        try
        {
            if (_pipe is not null)
            {
                try
                {
                    await _pipe.SendAsync(frame, deadline.Token);
                    return await _pipe.ReceiveAsync(deadline.Token);
                }
                catch (ServerBusyException ex)
                {
                    // BUSY on a connection that was already served: an operator closed it on
                    // purpose (docs/protocol.md, rule 7). Not retried.
                    throw new CliException($"the server closed the connection: {ex.Message}");
                }
            }

            return await ConnectAndSendAsync(frame, deadline.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new CliException($"no answer from the server on pipe '{_options.PipeName}' within {_options.RequestTimeout.TotalSeconds:0.#} s");
        }
        catch (IOException ex)
        {
            throw new CliException($"the connection to the server on pipe '{_options.PipeName}' failed: {ex.Message}", ex);
        }
        catch (UnauthorizedAccessException ex)
        {
            throw new CliException($"not allowed to connect to the pipe '{_options.Address}': {ex.Message}", ex);
        }
    }

    private async Task<ResponseFrame> ConnectAndSendAsync(byte[] frame, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            return await _retry.ExecuteAsync(async token =>
            {
                _attempts++;
                var pipe = await PipeClient.ConnectAsync(_options.PipeName, _options.ConnectTimeout, token);
                try
                {
                    IOException? sendFailure = null;
                    try
                    {
                        await pipe.SendAsync(frame, token);
                    }
                    catch (IOException ex)
                    {
                        // A server at capacity answers BUSY at once and closes, so the request can
                        // meet a broken pipe; the BUSY answer is still there to read.
                        sendFailure = ex;
                    }

                    var response = await pipe.ReceiveAsync(token);
                    if (sendFailure is not null)
                    {
                        throw sendFailure;
                    }

                    _pipe = pipe;
                    return response;
                }
                catch
                {
                    await pipe.DisposeAsync();
                    throw;
                }
            }, cancellationToken);
        }
        catch (TimeoutException)
        {
            throw new CliException(
                $"cannot reach the record server on pipe '{_options.PipeName}' ({_options.Address}): no server answered " +
                $"({Attempts(started)}). Is it running, and with --Engine:PipeName={_options.PipeName}?");
        }
        catch (ServerBusyException ex)
        {
            throw new CliException($"the record server is busy: {ex.Message} ({Attempts(started)})");
        }
    }

    private string Describe(Exception? failure) => failure switch
    {
        TimeoutException => $"no server answered on pipe '{_options.PipeName}'",
        ServerBusyException busy => $"the server is busy: {busy.Message}",
        _ => failure?.Message ?? "no exception",
    };

    private string Attempts(long started) =>
        $"{_attempts} attempt{(_attempts == 1 ? "" : "s")} over {Stopwatch.GetElapsedTime(started).TotalSeconds:0.0} s";

    private static ResponseFrame Expect(ResponseFrame response, string what) => response.Status switch
    {
        StatusKind.Ok => response,
        StatusKind.Error => throw new CliException($"the server could not {what}: {response.View.ReadReason()}"),
        StatusKind.BadRequest => throw new CliException($"the server refused the request: {response.View.ReadReason()}"),
        StatusKind.NotFound => throw new CliException($"the server could not {what}: not found", ExitCodes.NotFound),
        _ => throw new CliException($"the server answered {RequestNames.Of(response.Status)} to a request to {what}"),
    };
}
