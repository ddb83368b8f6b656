using System.Threading.Channels;
using P2P.Transfer;
using P2P.Transfer.Swarm;

namespace P2P.Peer.Swarm;

/// <summary>
/// One download on the shelf: what may be served of its partial file (only chunks verified and on disk) and who is
/// told as more are. Thread-safe: the download's writer calls <see cref="Verified"/> while the server reads.
/// </summary>
public sealed class ShelfEntry : IPartialEntry
{
    /// <summary>Watch calls one version may have open here at once; a larger crowd reads the directory instead.</summary>
    public const int MaxWatchers = 256;

    private readonly Lock _lock = new();
    private readonly ChunkBitfield _held;
    private readonly List<Channel<int>> _watchers = [];
    private readonly Action<ShelfEntry> _left;
    private volatile bool _onShelf = true;

    internal ShelfEntry(DownloadManifest manifest, string partialPath, IReadOnlyCollection<int> verified, Action<ShelfEntry> left)
    {
        Manifest = manifest;
        PartialPath = partialPath;
        _left = left;
        _held = new ChunkBitfield(manifest.ChunkCount);
        foreach (var chunk in verified)
        {
            _held.Add(chunk);
        }
    }

    public DownloadManifest Manifest { get; }

    /// <summary>The staging file chunks are read from: given by the download, never by a caller.</summary>
    public string PartialPath { get; }

    /// <summary>False once the download took the entry off: its partial may be published, discarded or rewritten since.</summary>
    public bool OnShelf => _onShelf;

    public bool Has(int chunk)
    {
        lock (_lock)
        {
            return _held.Has(chunk);
        }
    }

    /// <summary>The first chunk of [<paramref name="first"/>, <paramref name="end"/>) not verified yet, or null when all are.</summary>
    public int? FirstMissing(int first, int end)
    {
        lock (_lock)
        {
            for (var chunk = first; chunk < end; chunk++)
            {
                if (!_held.Has(chunk))
                {
                    return chunk;
                }
            }
            return null;
        }
    }

    public void Verified(int chunk)
    {
        lock (_lock)
        {
            if (!_onShelf || !_held.Add(chunk))
            {
                return;
            }
            foreach (var watcher in _watchers)
            {
                watcher.Writer.TryWrite(chunk);
            }
        }
    }

    /// <summary>
    /// A watcher's view: the chunks held now and, from then on, each newly verified one, ending when the entry leaves
    /// the shelf. Null when <see cref="MaxWatchers"/> are watching, or the entry already left.
    /// </summary>
    public AvailabilityFeed? Watch()
    {
        lock (_lock)
        {
            if (!_onShelf || _watchers.Count >= MaxWatchers)
            {
                return null;
            }
            // Unbounded, yet never longer than the chunks of the version: each is verified once.
            var channel = Channel.CreateUnbounded<int>(new UnboundedChannelOptions { SingleReader = true });
            _watchers.Add(channel);
            return new AvailabilityFeed(_held.ToWire(), _held.Count, _held.ChunkCount, channel.Reader, () => Unwatch(channel));
        }
    }

    public void Dispose()
    {
        lock (_lock)
        {
            if (!_onShelf)
            {
                return;
            }
            _onShelf = false;
            foreach (var watcher in _watchers)
            {
                watcher.Writer.TryComplete();
            }
            _watchers.Clear();
        }
        _left(this);
    }

    private void Unwatch(Channel<int> channel)
    {
        lock (_lock)
        {
            _watchers.Remove(channel);
        }
    }
}
