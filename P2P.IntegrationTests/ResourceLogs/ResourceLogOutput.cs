using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace P2P.Tests.Integration.ResourceLogs;

/// <summary>
/// Writes what an app's resources print (which Aspire's testing builder forwards to the test host's loggers under
/// <c>{AppHost}.Resources.{resource}</c>) to the output of the test running in the app's collection, so a failed
/// test's result shows what the services said meanwhile, as dotnet/aspire's own tests do.
/// </summary>
/// <param name="collection">The unique id of the test collection that shares the app.</param>
public sealed class ResourceLogOutput(string collection) : ILoggerProvider
{
    private const string Marker = ".Resources.";

    /// <summary>For the app that the fixture being initialised now starts: the collection is the one it serves.</summary>
    public static ResourceLogOutput ForCurrentCollection() =>
        new(TestContext.Current.TestCollection?.UniqueID ?? "");

    public ILogger CreateLogger(string categoryName) =>
        categoryName.IndexOf(Marker, StringComparison.Ordinal) is var at and >= 0
            ? new Writer(collection, categoryName[(at + Marker.Length)..])
            : NullLogger.Instance;

    public void Dispose()
    {
    }

    private sealed class Writer(string collection, string resource) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel) || RunningTestsAttribute.OutputOf(collection) is not { } output)
            {
                return;
            }
            try
            {
                output.WriteLine($"[{resource}] {formatter(state, exception)}");
            }
            catch (InvalidOperationException)
            {
                // The test ended between the look-up and the write: the line belongs to no test.
            }
        }
    }
}
