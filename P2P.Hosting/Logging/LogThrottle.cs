namespace P2P.Hosting.Logging;

/// <summary>
/// Lets a repeated warning through once per key and interval, so that a refusal repeated at every heartbeat, or a flood
/// of refused requests, is still said but never fills the log. Keys beyond a bound are forgotten all at once.
/// </summary>
public sealed class LogThrottle(TimeProvider time, TimeSpan interval)
{
    private const int MaxKeys = 1_024;

    private readonly Dictionary<string, DateTimeOffset> _lastByKey = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    /// <summary>Whether a warning under <paramref name="key"/> may be logged now; true at most once per interval and key.</summary>
    public bool ShouldLog(string key)
    {
        var now = time.GetUtcNow();
        lock (_lock)
        {
            if (_lastByKey.TryGetValue(key, out var last) && now - last < interval)
            {
                return false;
            }
            if (_lastByKey.Count >= MaxKeys)
            {
                _lastByKey.Clear();
            }
            _lastByKey[key] = now;
            return true;
        }
    }
}
