using System.Globalization;
using IocpAdmin.Protocol;
using IocpAdmin.Server.Engine;
using IocpAdmin.Server.Sessions;
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

    [LoggerMessage(12, LogLevel.Information, "Completion source: {Source} (Engine:CompletionSource={Requested}; better sources refused: {Refused})")]
    public static partial void CompletionSourceChosen(ILogger logger, CompletionSourceKind source, CompletionSourceKind requested, string refused);

    [LoggerMessage(2, LogLevel.Debug, "Client {SessionId} connected (process {ProcessId}, user {UserId})")]
    public static partial void ClientConnected(ILogger logger, long sessionId, int? processId, uint? userId);

    [LoggerMessage(EventId = 3, Message = "Client {SessionId} (process {ProcessId}) closed: {Reason}, in state {State} after {Requests} requests, " +
        "{BytesReceived} bytes in, {BytesSent} bytes out; last command {LastCommand}; partial frame {PartialFrame}")]
    private static partial void SessionClosed(ILogger logger, LogLevel level, long sessionId, string processId, string reason, SessionState state,
        long requests, long bytesReceived, long bytesSent, string lastCommand, string partialFrame);

    [LoggerMessage(4, LogLevel.Warning, "A client was refused: all {MaxClients} client slots are in use (BUSY sent)")]
    public static partial void ClientRefusedBusy(ILogger logger, int maxClients);

    [LoggerMessage(5, LogLevel.Error, "Client {SessionId} failed unexpectedly and was closed")]
    public static partial void SessionFault(ILogger logger, Exception exception, long sessionId);

    [LoggerMessage(6, LogLevel.Warning, "Accepting a pipe client failed ({Error}, OS error {OsError}: {Description}); retrying in {DelayMs} ms")]
    public static partial void AcceptFailed(ILogger logger, IoErrorKind error, int osError, string description, int delayMs);

    // 7 and 8 were "disconnected by request" and "partial frame timeout": event 3 says both now.

    [LoggerMessage(9, LogLevel.Information, "Stopping: no new clients; answering what {Sessions} connected clients already sent")]
    public static partial void Draining(ILogger logger, int sessions);

    [LoggerMessage(10, LogLevel.Information, "Pipe server stopped in {ElapsedMs} ms ({Remaining} clients were still connected and were closed)")]
    public static partial void Stopped(ILogger logger, long elapsedMs, int remaining);

    [LoggerMessage(11, LogLevel.Warning, "Client {SessionId}: a {Operation} failed unexpectedly: OS error {OsError} ({Description}); closing it")]
    public static partial void UnexpectedIoError(ILogger logger, long sessionId, CompletionKind operation, int osError, string description);

    /// <summary>
    /// The one line that says why a client's connection ended and where it was: reason, state,
    /// traffic, last command, and how old a frame it left unfinished was. Routine ends (QUIT, the
    /// client closing) are Debug, and so is BAD_REQUEST (a broken client reconnecting in a loop
    /// would flood the log); what an operator did or must know (disconnects, timeouts) is
    /// Information; a failure is Warning.
    /// </summary>
    public static void SessionClosed(ILogger logger, Session session, ClosedSession closed)
    {
        var reason = closed.Reason;
        var level = reason switch
        {
            CloseReason.Disconnected or CloseReason.PartialFrameTimeout => LogLevel.Information,
            CloseReason.IoFailed or CloseReason.Fault => LogLevel.Warning,
            _ => LogLevel.Debug,
        };
        if (!logger.IsEnabled(level))
        {
            return;
        }

        var why = closed.Detail is { } detail ? $"{reason} ({detail})" : reason.ToString();
        var since = session.PartialSince;
        var partial = since == 0 ? "none" : string.Create(CultureInfo.InvariantCulture, $"{(Environment.TickCount64 - since) / 1000.0:0.0} s old");
        var last = closed.LastRequest == RequestKind.None ? "none" : closed.LastRequestName;
        var process = closed.ProcessId?.ToString(CultureInfo.InvariantCulture) ?? "unknown";
        SessionClosed(logger, level, closed.Id, process, why, closed.ClosedIn, closed.Requests,
            closed.BytesReceived, closed.BytesSent, last, partial);
    }

    [LoggerMessage(13, LogLevel.Warning, "Admission is now {Mode} (was {Previous}): {What}")]
    public static partial void AdmissionChanged(ILogger logger, AdmissionMode mode, AdmissionMode previous, string what);

    [LoggerMessage(16, LogLevel.Information, "A client of process {ProcessId} (user {UserId}) was refused, {Count} so far by this quarantine (logged for the first and every 100th): {Message}")]
    public static partial void ClientQuarantined(ILogger logger, int? processId, uint? userId, long count, string message);

    [LoggerMessage(17, LogLevel.Warning, "Quarantine {Id} of {Target} until {Until:u} by {By}: {Reason}")]
    public static partial void QuarantineAdded(ILogger logger, long id, string target, DateTimeOffset until, string by, string reason);

    [LoggerMessage(18, LogLevel.Information, "Quarantine {Id} of {Target} lifted by {By}")]
    public static partial void QuarantineLifted(ILogger logger, long id, string target, string by);

    [LoggerMessage(14, LogLevel.Information, "Maintenance: the {Count} clients still connected after the grace period were disconnected: {Outcome}")]
    public static partial void MaintenanceClosed(ILogger logger, int count, string outcome);

    [LoggerMessage(15, LogLevel.Error, "Maintenance: disconnecting the clients still connected failed")]
    public static partial void MaintenanceFailed(ILogger logger, Exception exception);

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
