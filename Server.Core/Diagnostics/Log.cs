using Microsoft.Extensions.Logging;

namespace IocpAdmin.Server.Diagnostics;

/// <summary>
/// Every log line of the engine and the store, source-generated (no allocation when the level is
/// off) with fixed event ids: 1-99 engine and sessions, 100-199 store.
/// </summary>
internal static partial class Log
{
    [LoggerMessage(1, LogLevel.Information, "Pipe server listening on {Address} ({Mode}, {Workers} workers, concurrency {Concurrency}, at most {MaxClients} clients)")]
    public static partial void Listening(ILogger logger, string address, string mode, int workers, int concurrency, int maxClients);

    [LoggerMessage(2, LogLevel.Debug, "Client {SessionId} connected (process {ProcessId}, user {UserId})")]
    public static partial void ClientConnected(ILogger logger, long sessionId, int? processId, uint? userId);

    [LoggerMessage(3, LogLevel.Debug, "Client {SessionId} closed: {Reason}")]
    public static partial void ClientClosed(ILogger logger, long sessionId, string reason);

    [LoggerMessage(4, LogLevel.Warning, "A client was refused: all {MaxClients} client slots are in use (BUSY sent)")]
    public static partial void ClientRefusedBusy(ILogger logger, int maxClients);

    [LoggerMessage(5, LogLevel.Error, "Client {SessionId} failed unexpectedly and was closed")]
    public static partial void SessionFault(ILogger logger, Exception exception, long sessionId);

    [LoggerMessage(6, LogLevel.Warning, "Accepting a pipe client failed ({Error}); retrying in {DelayMs} ms")]
    public static partial void AcceptFailed(ILogger logger, string error, int delayMs);

    [LoggerMessage(7, LogLevel.Information, "Client {SessionId} disconnected by request")]
    public static partial void ClientDisconnected(ILogger logger, long sessionId);

    [LoggerMessage(8, LogLevel.Information, "Client {SessionId} closed: a partial frame waited longer than {Seconds} s")]
    public static partial void PartialFrameTimeout(ILogger logger, long sessionId, int seconds);

    [LoggerMessage(9, LogLevel.Information, "Stopping: no new clients; answering what {Sessions} connected clients already sent")]
    public static partial void Draining(ILogger logger, int sessions);

    [LoggerMessage(10, LogLevel.Information, "Pipe server stopped in {ElapsedMs} ms ({Remaining} clients were still connected and were closed)")]
    public static partial void Stopped(ILogger logger, long elapsedMs, int remaining);

    [LoggerMessage(11, LogLevel.Debug, "Client {SessionId}: I/O failed ({Error})")]
    public static partial void UnexpectedIoError(ILogger logger, long sessionId, string error);

    [LoggerMessage(100, LogLevel.Information, "Record store {DataSource} open: {Count} records, next id {NextId}, loaded in {ElapsedMs} ms")]
    public static partial void StoreOpened(ILogger logger, string dataSource, long count, ulong nextId, long elapsedMs);

    [LoggerMessage(101, LogLevel.Error, "A commit of {Operations} operations failed; those requests got ERROR: {Reason}")]
    public static partial void CommitFailed(ILogger logger, Exception exception, int operations, string reason);

    [LoggerMessage(102, LogLevel.Warning, "The database is busy; commit attempt {Attempt} in {DelayMs} ms ({Reason})")]
    public static partial void CommitRetrying(ILogger logger, int attempt, double delayMs, string reason);

    [LoggerMessage(103, LogLevel.Information, "The record store commits again after failures")]
    public static partial void StoreRecovered(ILogger logger);

    [LoggerMessage(104, LogLevel.Information, "Record store closed: {Commits} commits, {Operations} operations")]
    public static partial void StoreClosed(ILogger logger, long commits, long operations);
}
