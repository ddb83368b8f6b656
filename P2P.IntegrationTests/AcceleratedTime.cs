namespace P2P.Tests.Integration;

/// <summary>
/// The system clock run <see cref="Factor"/> times faster: timers fire that much sooner and elapsed times read that much
/// longer. Real sockets and real sources, with the engine's 30 s silence limit and its back-off between rounds in
/// tenths of a second.
/// </summary>
public sealed class AcceleratedTime(int factor = 100) : TimeProvider
{
    private readonly DateTimeOffset _start = System.GetUtcNow();
    private readonly long _startTimestamp = System.GetTimestamp();

    public int Factor { get; } = factor;

    public override DateTimeOffset GetUtcNow() => _start + (System.GetUtcNow() - _start) * Factor;

    public override long GetTimestamp() => _startTimestamp + (System.GetTimestamp() - _startTimestamp) * Factor;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        new Timer(System.CreateTimer(callback, state, Scale(dueTime), Scale(period)), this);

    private TimeSpan Scale(TimeSpan span) => span == Timeout.InfiniteTimeSpan ? span : span / Factor;

    private sealed class Timer(ITimer inner, AcceleratedTime time) : ITimer
    {
        public bool Change(TimeSpan dueTime, TimeSpan period) => inner.Change(time.Scale(dueTime), time.Scale(period));

        public void Dispose() => inner.Dispose();

        public ValueTask DisposeAsync() => inner.DisposeAsync();
    }
}
