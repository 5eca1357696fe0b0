using System.Diagnostics;
using IocpAdmin.Server.Diagnostics;
using IocpAdmin.Server.Sessions;

namespace IocpAdmin.Server.Engine;

// The graceful stop (docs/protocol.md, rule 8): stop admitting, answer what each client has already
// sent, close every connection, then stop the threads.
internal abstract partial class PipeEngine
{
    // After the drain deadline, aborted sessions normally close within milliseconds; this bounds
    // the wait for one stuck in a store commit.
    private static readonly TimeSpan s_abortGrace = TimeSpan.FromSeconds(2);

    /// <summary>Stops gracefully; returns when every session is closed or the deadline (or <paramref name="cancellationToken"/>) passed.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var drained = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _drained = drained;
        var sessions = new List<Session>();
        Sessions.CopyTo(sessions);
        Log.Draining(Logger, sessions.Count);
        if (Sessions.Count == 0)
        {
            drained.TrySetResult();
        }

        foreach (var session in sessions)
        {
            session.RequestDrain();
        }

        if (!await WaitAsync(drained.Task, TimeSpan.FromSeconds(Options.ShutdownDrainSeconds), cancellationToken))
        {
            sessions.Clear();
            Sessions.CopyTo(sessions);
            foreach (var session in sessions)
            {
                session.RequestClose(CloseReason.ShuttingDown);
            }

            await WaitAsync(drained.Task, s_abortGrace, CancellationToken.None);
        }

        var remaining = Sessions.Count;
        _housekeeping?.Dispose();
        Listener.Dispose();
        StopCore();
        Log.Stopped(Logger, (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds, remaining);
    }

    /// <summary>Ends the engine's threads; the listener is already closed.</summary>
    protected abstract void StopCore();

    private static async Task<bool> WaitAsync(Task task, TimeSpan timeout, CancellationToken cancellationToken)
    {
        try
        {
            await task.WaitAsync(timeout, cancellationToken);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
