namespace P2P.Hosting.Membership;

/// <summary>
/// Strings remembered for a while, at most <c>capacity</c> of them (the oldest go first): the state a stranger can make
/// a server keep (nonces asked for, fingerprints proven) stays bounded in time and memory. A value added again leaves its
/// older entry in the queue, so the queue is rebuilt from the live entries once it holds twice the capacity.
/// </summary>
public sealed class ExpiringSet(TimeProvider time, TimeSpan lifetime, int capacity)
{
    private readonly Dictionary<string, DateTimeOffset> _expiries = new(StringComparer.Ordinal);
    private readonly Queue<(string Value, DateTimeOffset Expiry)> _order = new();
    private readonly Lock _lock = new();

    public int Count
    {
        get
        {
            lock (_lock)
            {
                Prune(time.GetUtcNow());
                return _expiries.Count;
            }
        }
    }

    /// <summary>Remembers <paramref name="value"/> for the set's lifetime from now.</summary>
    public void Add(string value)
    {
        var now = time.GetUtcNow();
        lock (_lock)
        {
            Prune(now);
            while (_expiries.Count >= capacity && _order.TryDequeue(out var oldest))
            {
                if (_expiries.TryGetValue(oldest.Value, out var expiry) && expiry == oldest.Expiry)
                {
                    _expiries.Remove(oldest.Value);
                }
            }
            var until = now + lifetime;
            _expiries[value] = until;
            _order.Enqueue((value, until));
            if (_order.Count > 2 * capacity)
            {
                Compact();
            }
        }
    }

    /// <summary>The queue's length, live and stale entries together; never more than twice the capacity.</summary>
    public int QueueLength
    {
        get
        {
            lock (_lock)
            {
                return _order.Count;
            }
        }
    }

    private void Compact()
    {
        var live = _expiries.OrderBy(entry => entry.Value).Select(entry => (entry.Key, entry.Value)).ToList();
        _order.Clear();
        foreach (var entry in live)
        {
            _order.Enqueue(entry);
        }
    }

    public bool Contains(string value)
    {
        lock (_lock)
        {
            return _expiries.TryGetValue(value, out var expiry) && expiry > time.GetUtcNow();
        }
    }

    /// <summary>Forgets <paramref name="value"/>, telling whether it was there and unexpired: a nonce is good once.</summary>
    public bool TryTake(string value)
    {
        lock (_lock)
        {
            return _expiries.Remove(value, out var expiry) && expiry > time.GetUtcNow();
        }
    }

    // Entries leave the queue in the order they were added, which is the order they expire in.
    private void Prune(DateTimeOffset now)
    {
        while (_order.TryPeek(out var oldest) && oldest.Expiry <= now)
        {
            _order.Dequeue();
            if (_expiries.TryGetValue(oldest.Value, out var expiry) && expiry == oldest.Expiry)
            {
                _expiries.Remove(oldest.Value);
            }
        }
    }
}
