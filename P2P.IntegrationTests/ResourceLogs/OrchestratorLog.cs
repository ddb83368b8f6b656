using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace P2P.Tests.Integration.ResourceLogs;

/// <summary>
/// Keeps the test host's own warnings and errors (the orchestrator's and the test clients', not the services') so that
/// a test whose resource fails to start can say why: tests run no dashboard and the testing builder's log goes nowhere else.
/// </summary>
public sealed class OrchestratorLog : ILoggerProvider
{
    private const int Capacity = 200;
    private readonly ConcurrentQueue<string> _lines = new();

    public ILogger CreateLogger(string categoryName) => new Recorder(this, categoryName);

    /// <summary>The last warnings and errors, oldest first, one per line.</summary>
    public string Recent() => _lines.IsEmpty ? "(no orchestrator warnings)" : string.Join(Environment.NewLine, _lines);

    public void Dispose()
    {
    }

    private void Add(string line)
    {
        _lines.Enqueue(line);
        while (_lines.Count > Capacity && _lines.TryDequeue(out _))
        {
        }
    }

    private sealed class Recorder(OrchestratorLog log, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                var why = exception is null ? "" : " " + exception.Message;
                log.Add($"{TimeProvider.System.GetUtcNow():HH:mm:ss.fff} {logLevel} {category}: {formatter(state, exception)}{why}");
            }
        }
    }
}
