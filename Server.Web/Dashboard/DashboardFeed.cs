using System.Runtime.CompilerServices;
using System.Threading.Channels;
using IocpAdmin.Server.Diagnostics;
using IocpAdmin.Server.Engine;
using IocpAdmin.Web.Diagnostics;
using IocpAdmin.Web.Hubs;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;

namespace IocpAdmin.Web.Dashboard;

/// <summary>
/// Samples the engine at a fixed, low rate and hands each snapshot to every page that watches and
/// to every hub connection. Each subscriber holds at most the latest snapshot: a slow page skips
/// snapshots instead of queueing them, so load on the engine never reaches the browser as a backlog.
/// </summary>
internal sealed class DashboardFeed(
    RecordServer server,
    IHubContext<DashboardHub, IDashboardClient> hub,
    IOptions<DashboardOptions> options,
    ILogger<DashboardFeed> logger) : BackgroundService
{
    private readonly Lock _gate = new();
    private readonly List<Channel<EngineSnapshot>> _subscribers = [];
    private readonly Queue<EngineSnapshot> _history = new();
    private EngineSnapshot? _latest;

    /// <summary>The newest snapshot, or null before the engine runs.</summary>
    public EngineSnapshot? Latest
    {
        get
        {
            lock (_gate)
            {
                return _latest;
            }
        }
    }

    public TimeSpan Interval => TimeSpan.FromMilliseconds(options.Value.IntervalMilliseconds);

    /// <summary>How many snapshots <see cref="History"/> keeps, and so how many a chart shows.</summary>
    public int HistoryLength => options.Value.HistoryLength;

    /// <summary>The last snapshots, oldest first (what the charts draw on first render).</summary>
    public IReadOnlyList<EngineSnapshot> History()
    {
        lock (_gate)
        {
            return [.. _history];
        }
    }

    /// <summary>The snapshots from now on, until <paramref name="cancellationToken"/> ends the subscription.</summary>
    public async IAsyncEnumerable<EngineSnapshot> SubscribeAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var channel = Channel.CreateBounded<EngineSnapshot>(new BoundedChannelOptions(1)
        {
            FullMode = BoundedChannelFullMode.DropOldest,
            SingleReader = true,
            SingleWriter = true,
        });
        lock (_gate)
        {
            _subscribers.Add(channel);
        }

        try
        {
            await foreach (var snapshot in channel.Reader.ReadAllAsync(cancellationToken))
            {
                yield return snapshot;
            }
        }
        finally
        {
            lock (_gate)
            {
                _subscribers.Remove(channel);
            }
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                if (server.State != ServerState.Running)
                {
                    continue;
                }

                Publish(server.Monitor.GetSnapshot());
                try
                {
                    await hub.Clients.All.SnapshotUpdated(_latest!);
                }
                catch (Exception ex) when (ex is IOException or InvalidOperationException or HubException)
                {
                    Log.BroadcastFailed(logger, ex);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The host is stopping.
        }
    }

    private void Publish(EngineSnapshot snapshot)
    {
        lock (_gate)
        {
            _latest = snapshot;
            _history.Enqueue(snapshot);
            while (_history.Count > HistoryLength)
            {
                _history.Dequeue();
            }

            foreach (var subscriber in _subscribers)
            {
                subscriber.Writer.TryWrite(snapshot);
            }
        }
    }
}
