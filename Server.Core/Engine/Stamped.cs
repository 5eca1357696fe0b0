namespace IocpAdmin.Server.Engine;

/// <summary>A queued entry and when it became ready for a worker (a <see cref="System.Diagnostics.Stopwatch"/> timestamp).</summary>
internal readonly record struct Stamped<T>(T Entry, long ReadyAt)
    where T : struct;
