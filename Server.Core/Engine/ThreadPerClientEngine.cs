using IocpAdmin.Server.Diagnostics;
using IocpAdmin.Server.Engine.Transport;
using IocpAdmin.Server.Sessions;
using IocpAdmin.Server.Storage;
using Microsoft.Extensions.Logging;

namespace IocpAdmin.Server.Engine;

/// <summary>
/// The design the completion port replaces, kept to measure against: a blocking accept thread,
/// and one dedicated thread per connected client running the same protocol with blocking I/O.
/// </summary>
internal sealed class ThreadPerClientEngine : PipeEngine
{
    private const int AcceptRetryMs = 100;

    private Thread? _acceptThread;

    public ThreadPerClientEngine(EngineOptions options, RecordStore store, PipeListener listener, ILogger logger)
        : base(options, store, listener, logger)
    {
    }

    public override EngineKind Kind => EngineKind.ThreadPerClient;

    protected override void StartCore()
    {
        _acceptThread = new Thread(AcceptLoop) { IsBackground = true, Name = "pipe-accept" };
        _acceptThread.Start();
    }

    protected override Session CreateSession(long id, ulong key, PipeConnection connection) =>
        new ThreadedSession(id, key, connection, this);

    protected override void StopCore() => _acceptThread?.Join();

    private void AcceptLoop()
    {
        while (true)
        {
            var connection = Listener.Accept(out var result);
            if (connection is not null)
            {
                (Admit(connection) as ThreadedSession)?.Start();
                continue;
            }

            if (result.Error == IoErrorKind.Aborted)
            {
                return;
            }

            if (result.Error != IoErrorKind.Reset)
            {
                Log.AcceptFailed(Logger, result.Error, result.OsError, result.Describe(), AcceptRetryMs);
                Thread.Sleep(AcceptRetryMs);
            }
        }
    }
}
