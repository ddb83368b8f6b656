namespace P2P.Hosting;

/// <summary>When this service started, on the injected clock, for the status endpoints.</summary>
public sealed class ProcessUptime(TimeProvider time)
{
    public DateTimeOffset StartedAt { get; } = time.GetUtcNow();

    public TimeSpan Elapsed => time.GetUtcNow() - StartedAt;
}
