namespace IocpAdmin.Web.Diagnostics;

/// <summary>
/// Every log line of the web app, source-generated with fixed event ids, each id used once
/// (a unit test reflects over the assembly to keep it so). Ranges: Server.Core has 1-99 (engine
/// and sessions) and 100-199 (store); here 200-229 sign-in, users and sign-in sessions, 230-249
/// the audit log and the console's database, 250-279 the dashboard feed and the hub, 280-299 the
/// console's keys and exposure.
/// </summary>
internal static partial class Log
{
    [LoggerMessage(200, LogLevel.Warning,
        "No console users existed: created user '{Name}' (Support) with password {Password} . It is shown only this once; " +
        "declare users under Auth:Users (hash passwords with `dotnet Server.Web.dll hash-password`) for anything beyond a first look.")]
    public static partial void FirstAdminCreated(ILogger logger, string name, string password);

    [LoggerMessage(201, LogLevel.Warning, "Sign-in attempts from {Address} are over the limit; refused for {Seconds} s")]
    public static partial void SignInThrottled(ILogger logger, string address, int seconds);

    [LoggerMessage(202, LogLevel.Information, "A request's sign-in cookie for {User} was refused and deleted: {Reason}")]
    public static partial void CookieRefused(ILogger logger, string user, string reason);

    [LoggerMessage(203, LogLevel.Information, "An open console page of {User} was signed out: {Reason}")]
    public static partial void OpenPageSignedOut(ILogger logger, string user, string reason);

    [LoggerMessage(204, LogLevel.Information, "An open console page of {User} goes on with the role {Role}")]
    public static partial void OpenPageRoleChanged(ILogger logger, string user, string role);

    [LoggerMessage(205, LogLevel.Information, "Hub connection {ConnectionId} of {User} was closed: {Reason}")]
    public static partial void HubConnectionClosed(ILogger logger, string connectionId, string user, string reason);

    [LoggerMessage(206, LogLevel.Warning, "Hub call {Method} by {User} was refused: {Reason}")]
    public static partial void HubCallRefused(ILogger logger, string method, string user, string reason);

    [LoggerMessage(207, LogLevel.Warning, "{Action} on {Target} by {User} was refused: {Reason}")]
    public static partial void ActionRefused(ILogger logger, string action, string target, string user, string reason);

    [LoggerMessage(208, LogLevel.Error,
        "The reloaded configuration's Auth section is invalid, so no configured user can sign in or stay signed in until it is fixed: {Problem}")]
    public static partial void ConfiguredUsersInvalid(ILogger logger, string problem);

    [LoggerMessage(209, LogLevel.Warning, "Checking the sign-in of hub connection {ConnectionId} failed; it is checked again shortly")]
    public static partial void HubSignInCheckFailed(ILogger logger, Exception exception, string connectionId);

    [LoggerMessage(210, LogLevel.Error, "The sign-out of {User} ended the session now, but could not be written to the database: a restart before it is would revive that sign-in")]
    public static partial void SignOutNotRecorded(ILogger logger, Exception exception, string user);

    [LoggerMessage(211, LogLevel.Warning, "Account {User} is locked after {Failures} failed sign-ins, the last from {Address}, for {Duration}")]
    public static partial void AccountLocked(ILogger logger, string user, int failures, string address, string duration);

    [LoggerMessage(212, LogLevel.Information, "A sign-in of locked account {User} from {Address} was refused")]
    public static partial void SignInLocked(ILogger logger, string user, string address);

    [LoggerMessage(213, LogLevel.Information, "Account {User} was unlocked by {By}")]
    public static partial void AccountUnlocked(ILogger logger, string user, string by);

    [LoggerMessage(230, LogLevel.Critical, "An audit entry was lost: {User} {Action} on {Targets} targets")]
    public static partial void AuditLost(ILogger logger, Exception exception, string user, string action, int targets);

    [LoggerMessage(250, LogLevel.Debug, "Broadcasting a snapshot to hub clients failed")]
    public static partial void BroadcastFailed(ILogger logger, Exception exception);

    [LoggerMessage(280, LogLevel.Information, "Console keys in {Directory}, {Protection}")]
    public static partial void ConsoleKeys(ILogger logger, string directory, string protection);

    [LoggerMessage(281, LogLevel.Warning, "The console is served over plain HTTP to other machines ({Urls}): passwords and sign-in cookies cross the network unencrypted (Console:AllowInsecureRemote=true)")]
    public static partial void InsecureRemote(ILogger logger, string urls);

    [LoggerMessage(290, LogLevel.Warning, "The Overview's history could not be written to {Path}; the server goes on, and the history resumes when the file is writable again")]
    public static partial void HistoryWriteFailed(ILogger logger, Exception exception, string path);

    [LoggerMessage(291, LogLevel.Information, "The Overview's history is written to {Path} again")]
    public static partial void HistoryRecovered(ILogger logger, string path);

    [LoggerMessage(292, LogLevel.Information, "The Overview's history is kept in {Path}")]
    public static partial void HistoryFile(ILogger logger, string path);
}
