namespace P2P.Transfer.Sources;

/// <summary>
/// How long a source may keep this peer waiting for the chunk it is sending, counting only the waits for its messages:
/// a source that drips a few bytes at a time cannot hold a stream, and this peer's own delays (a buffer, a request) are
/// not held against it. A wait also ends, cancelled, as soon as its <c>alsoEnd</c> token is cancelled.
/// </summary>
public sealed class WaitBudget : IDisposable
{
    private readonly TimeProvider _time;
    private readonly CancellationTokenSource _expired;
    private readonly CancellationTokenRegistration _alsoEnd;
    private TimeSpan _waited;
    private long _started;

    public WaitBudget(TimeSpan limit, TimeProvider time, CancellationToken alsoEnd)
    {
        Limit = limit;
        _time = time;
        _expired = new CancellationTokenSource(Timeout.InfiniteTimeSpan, time);
        _alsoEnd = alsoEnd.UnsafeRegister(static s => ((CancellationTokenSource)s!).Cancel(), _expired);
    }

    public TimeSpan Limit { get; }

    /// <summary>Starts a wait; its token is cancelled once the chunk's waits together reach the limit.</summary>
    public CancellationToken Start()
    {
        var left = Limit - _waited;
        _expired.CancelAfter(left > TimeSpan.Zero ? left : TimeSpan.Zero);
        _started = _time.GetTimestamp();
        return _expired.Token;
    }

    /// <summary>The wait is over: its time is spent from the budget.</summary>
    public void Stop()
    {
        _expired.CancelAfter(Timeout.InfiniteTimeSpan);
        _waited += _time.GetElapsedTime(_started);
    }

    /// <summary>The chunk is complete: the next one has the whole budget.</summary>
    public void Reset() => _waited = TimeSpan.Zero;

    public void Dispose()
    {
        _alsoEnd.Dispose();
        _expired.Dispose();
    }
}
