using System.Collections.Concurrent;
using P2P.Transfer;
using P2P.Transfer.Swarm;

namespace P2P.Peer.Swarm;

/// <summary>
/// The versions this peer is downloading, by sha256, as its transfer server reads them: each one's manifest, partial
/// file, verified chunks and watchers (<see cref="ShelfEntry"/>). At most <see cref="MaxEntries"/> at once; a download
/// past that serves nothing until it completes, as with swarming off.
/// </summary>
public sealed class PartialShelf(ILogger<PartialShelf> logger) : IPartialShelf
{
    /// <summary>The most downloads a peer runs at once (max_concurrent_downloads allows 64).</summary>
    public const int MaxEntries = 64;

    private readonly ConcurrentDictionary<string, ShelfEntry> _entries = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    public int Count => _entries.Count;

    public IPartialEntry Put(DownloadManifest manifest, string partialPath, IReadOnlyCollection<int> verified)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        ArgumentException.ThrowIfNullOrEmpty(partialPath);
        lock (_lock)
        {
            if (!_entries.ContainsKey(manifest.Sha256) && _entries.Count >= MaxEntries)
            {
                logger.ShelfFull(manifest.File, MaxEntries);
                return NoShelf.Instance;
            }
            var entry = new ShelfEntry(manifest, partialPath, verified, Remove);
            // One download owns a version (its staging lock); an entry left behind is replaced, and told it left.
            if (_entries.TryGetValue(manifest.Sha256, out var previous))
            {
                previous.Dispose();
            }
            _entries[manifest.Sha256] = entry;
            return entry;
        }
    }

    /// <summary>The entry of version <paramref name="sha256"/>, while its download holds it on the shelf.</summary>
    public ShelfEntry? Find(string sha256) => _entries.GetValueOrDefault(sha256);

    private void Remove(ShelfEntry entry)
    {
        lock (_lock)
        {
            _entries.TryRemove(new KeyValuePair<string, ShelfEntry>(entry.Manifest.Sha256, entry));
        }
    }
}
