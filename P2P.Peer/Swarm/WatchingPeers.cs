using P2P.Peer.Files;
using P2P.Transfer.Sources;
using P2P.Transfer.Swarm;

namespace P2P.Peer.Swarm;

/// <summary>
/// The peers watching a version here that said they download it too, each while its Watch call is open, keyed by the
/// fingerprint it proved. At most <see cref="MaxPerVersion"/> per version and <see cref="MaxTotal"/> in all: past
/// that a watcher is served but not recorded.
/// </summary>
public sealed class WatchingPeers : IWatchingPeers
{
    public const int MaxPerVersion = 64;

    public const int MaxTotal = 1_024;

    private readonly Lock _lock = new();
    private readonly Dictionary<string, Dictionary<string, Watcher>> _versions = new(StringComparer.Ordinal);
    private int _total;

    public IReadOnlyList<SourceAddress> Of(string sha256)
    {
        lock (_lock)
        {
            return _versions.TryGetValue(sha256, out var watchers) ? watchers.Values.Select(w => w.Address).ToList() : [];
        }
    }

    /// <summary>
    /// Records <paramref name="watcher"/> (its <see cref="SourceAddress.Fingerprint"/> set) until the returned handle is
    /// disposed; null past the bounds.
    /// </summary>
    public IDisposable? Add(string sha256, SourceAddress watcher)
    {
        ArgumentNullException.ThrowIfNull(watcher.Fingerprint);
        lock (_lock)
        {
            var watchers = _versions.GetValueOrDefault(sha256);
            if (watchers?.GetValueOrDefault(watcher.Fingerprint) is { } known)
            {
                // The same peer on two calls (or again after a restart with a new address): the latest address wins.
                known.Calls++;
                known.Address = watcher;
                return Registration(sha256, watcher.Fingerprint);
            }
            if (_total >= MaxTotal || watchers?.Count >= MaxPerVersion)
            {
                return null;
            }
            if (watchers is null)
            {
                _versions[sha256] = watchers = new Dictionary<string, Watcher>(StringComparer.Ordinal);
            }
            watchers[watcher.Fingerprint] = new Watcher { Address = watcher, Calls = 1 };
            _total++;
            return Registration(sha256, watcher.Fingerprint);
        }
    }

    private ReleaseOnce Registration(string sha256, string fingerprint) => new(() => Remove(sha256, fingerprint));

    private void Remove(string sha256, string fingerprint)
    {
        lock (_lock)
        {
            if (!_versions.TryGetValue(sha256, out var watchers) || !watchers.TryGetValue(fingerprint, out var watcher) || --watcher.Calls > 0)
            {
                return;
            }
            watchers.Remove(fingerprint);
            _total--;
            if (watchers.Count == 0)
            {
                _versions.Remove(sha256);
            }
        }
    }

    private sealed class Watcher
    {
        public required SourceAddress Address { get; set; }

        public int Calls { get; set; }
    }
}
