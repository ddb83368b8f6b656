namespace P2P.Peer.Swarm;

/// <summary>
/// How often this peer has sent each chunk of the versions it serves whole, so a complete holder can suggest the
/// chunks it has sent least (what super-seeding, BEP 16, gains, without its deception). A chunk suggested to one
/// watcher counts as promised until it is sent, so the next watcher is suggested others: a crowd that follows the
/// suggestions takes each chunk from the seed about once. Kept for at most <see cref="MaxVersions"/> versions; the one
/// counted longest ago is forgotten first.
/// </summary>
public sealed class SentCounts
{
    public const int MaxVersions = 256;

    private readonly Lock _lock = new();
    private readonly Dictionary<string, int[]> _counts = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int[]> _promised = new(StringComparer.Ordinal);
    private readonly LinkedList<string> _order = new();

    /// <summary>Counts one sending of chunks [<paramref name="first"/>, <paramref name="end"/>) of a version of <paramref name="chunkCount"/> chunks.</summary>
    public void Sent(string sha256, int chunkCount, int first, int end)
    {
        lock (_lock)
        {
            var counts = CountsOf(sha256, chunkCount);
            var promised = _promised[sha256];
            for (var chunk = Math.Max(first, 0); chunk < Math.Min(end, counts.Length); chunk++)
            {
                counts[chunk]++;
                promised[chunk] = Math.Max(0, promised[chunk] - 1);
            }
        }
    }

    /// <summary>
    /// Up to <paramref name="count"/> chunks of the version sent and promised least, in random order among equals, now
    /// promised to the watcher they are suggested to.
    /// </summary>
    public IReadOnlyList<int> Suggest(string sha256, int chunkCount, int count)
    {
        lock (_lock)
        {
            var counts = CountsOf(sha256, chunkCount);
            var promised = _promised[sha256];
            var picked = Enumerable.Range(0, chunkCount).OrderBy(c => counts[c] + promised[c]).ThenBy(_ => Random.Shared.Next()).Take(count).ToList();
            foreach (var chunk in picked)
            {
                promised[chunk]++;
            }
            return picked;
        }
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
            _promised.Remove(_order.First!.Value);
            _order.RemoveFirst();
        }
        _order.Remove(sha256);
        _order.AddLast(sha256);
        _promised[sha256] = new int[chunkCount];
        return _counts[sha256] = new int[chunkCount];
    }
}
