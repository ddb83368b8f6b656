namespace P2P.Transfer.Telemetry;

/// <summary>The current transfer rate: bytes counted over the last couple of seconds.</summary>
public sealed class RateMeter(TimeProvider time)
{
    private static readonly TimeSpan s_window = TimeSpan.FromSeconds(2);
    private readonly Queue<(long Timestamp, long Bytes)> _samples = new();
    private readonly Lock _lock = new();
    private readonly long _started = time.GetTimestamp();

    public void Add(long bytes)
    {
        lock (_lock)
        {
            _samples.Enqueue((time.GetTimestamp(), bytes));
            Trim();
        }
    }

    public double BytesPerSecond
    {
        get
        {
            lock (_lock)
            {
                Trim();
                var window = Math.Min(s_window.TotalSeconds, time.GetElapsedTime(_started).TotalSeconds);
                return window <= 0 ? 0 : Math.Round(_samples.Sum(s => s.Bytes) / window);
            }
        }
    }

    private void Trim()
    {
        while (_samples.Count > 0 && time.GetElapsedTime(_samples.Peek().Timestamp) > s_window)
        {
            _samples.Dequeue();
        }
    }
}
