using System.Collections.Concurrent;

namespace P2P.Peer.Discovery;

/// <summary>
/// Query ids this peer has handled recently, so a query that comes back round a ring of friends is answered
/// "seen" instead of forwarded again. Bounded: ids are forgotten after a minute, and the oldest go first when full.
/// </summary>
public sealed class SeenQueries(TimeProvider time)
{
    public const int Capacity = 100_000;
    private static readonly TimeSpan s_memory = TimeSpan.FromMinutes(1);
    private readonly ConcurrentDictionary<string, long> _seen = new(StringComparer.Ordinal);

    /// <summary>True the first time an id is offered; false for an id already handled.</summary>
    public bool FirstTime(string queryId)
    {
        if (_seen.Count >= Capacity)
        {
            Forget();
        }
        return _seen.TryAdd(queryId, time.GetTimestamp());
    }

    private void Forget()
    {
        foreach (var (id, at) in _seen)
        {
            if (time.GetElapsedTime(at) > s_memory)
            {
                _seen.TryRemove(id, out _);
            }
        }
        // Still full of fresh ids (a flood): drop the older half rather than refuse to remember.
        if (_seen.Count >= Capacity)
        {
            var median = _seen.Values.Order().ElementAt(_seen.Count / 2);
            foreach (var (id, at) in _seen)
            {
                if (at <= median)
                {
                    _seen.TryRemove(id, out _);
                }
            }
        }
    }
}
