using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace IocpAdmin.Tests.Infrastructure;

/// <summary>
/// A logger factory that keeps every event it is given, so a test can wait for the server to say
/// it has reached a step (a retry, a close) instead of sleeping past it.
/// </summary>
public sealed class LogCapture : ILoggerProvider
{
    private readonly ConcurrentQueue<(EventId Id, LogLevel Level, string Message)> _events = new();

    public LogCapture() => Factory = LoggerFactory.Create(builder => builder.SetMinimumLevel(LogLevel.Trace).AddProvider(this));

    public ILoggerFactory Factory { get; }

    public IReadOnlyCollection<(EventId Id, LogLevel Level, string Message)> Events => _events;

    public bool Has(int eventId) => _events.Any(e => e.Id.Id == eventId);

    public ILogger CreateLogger(string categoryName) => new Recorder(_events);

    public void Dispose() => Factory.Dispose();

    private sealed class Recorder(ConcurrentQueue<(EventId, LogLevel, string)> events) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            events.Enqueue((eventId, logLevel, formatter(state, exception)));
    }
}
