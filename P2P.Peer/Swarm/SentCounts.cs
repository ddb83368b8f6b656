namespace P2P.Peer.Swarm;

/// <summary>
/// How often this peer has sent each chunk of the versions it serves whole, so a complete holder can suggest the
/// chunks it has sent least (what super-seeding, BEP 16, gains, without its deception). Kept for at most
/// <see cref="MaxVersions"/> versions; the one counted longest ago is forgotten first.
/// </summary>
public sealed class SentCounts
{
    public const int MaxVersions = 256;

    private readonly Lock _lock = new();
    private readonly Dictionary<string, int[]> _counts = new(StringComparer.Ordinal);
    private readonly LinkedList<string> _order = new();

    /// <summary>Counts one sending of chunks [<paramref name="first"/>, <paramref name="end"/>) of a version of <paramref name="chunkCount"/> chunks.</summary>
    public void Sent(string sha256, int chunkCount, int first, int end)
    {
        lock (_lock)
        {
            var counts = CountsOf(sha256, chunkCount);
            for (var chunk = Math.Max(first, 0); chunk < Math.Min(end, counts.Length); chunk++)
            {
                counts[chunk]++;
            }
        }
    }

    /// <summary>Up to <paramref name="count"/> chunks of the version sent least, in random order among equals.</summary>
    public IReadOnlyList<int> LeastSent(string sha256, int chunkCount, int count)
    {
        int[] snapshot;
        lock (_lock)
        {
            snapshot = _counts.TryGetValue(sha256, out var counts) && counts.Length == chunkCount ? (int[])counts.Clone() : new int[chunkCount];
        }
        // Ties broken at random, so that the watchers of one holder are not all sent after the same chunks.
        return Enumerable.Range(0, chunkCount).OrderBy(c => snapshot[c]).ThenBy(_ => Random.Shared.Next()).Take(count).ToList();
    }

    private int[] CountsOf(string sha256, int chunkCount)
    {
        if (_counts.TryGetValue(sha256, out var counts) && counts.Length == chunkCount)
        {
            _order.Remove(sha256);
            _order.AddLast(sha256);
            return counts;
        }
        if (counts is null && _counts.Count >= MaxVersions)
        {
            _counts.Remove(_order.First!.Value);
            _order.RemoveFirst();
        }
        _order.Remove(sha256);
        _order.AddLast(sha256);
        return _counts[sha256] = new int[chunkCount];
    }
}
