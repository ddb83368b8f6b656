namespace P2P.Hosting.Membership;

/// <summary>
/// Lets one warning through per interval and counts the ones held back, so a stranger repeating a refused request
/// cannot fill the log.
/// </summary>
public sealed class WarningThrottle(TimeProvider time, TimeSpan interval)
{
    private readonly Lock _lock = new();
    private DateTimeOffset? _last;
    private int _held;

    /// <summary>True when this warning may be written; <paramref name="held"/> is how many were held back since the last one.</summary>
    public bool TryPass(out int held)
    {
        var now = time.GetUtcNow();
        lock (_lock)
        {
            if (_last is { } last && now - last < interval)
            {
                _held++;
                held = 0;
                return false;
            }
            _last = now;
            held = _held;
            _held = 0;
            return true;
        }
    }
}
