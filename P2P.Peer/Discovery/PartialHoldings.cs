using System.Collections.Concurrent;
using P2P.Contracts.Maestro;

namespace P2P.Peer.Discovery;

/// <summary>
/// The versions this peer is downloading and serving as a partial holder, as it last announced them: what its answers
/// to friends name beside its complete files. Empty when swarming is off.
/// </summary>
public sealed class PartialHoldings
{
    private readonly ConcurrentDictionary<object, PartialAnnounce> _held = new();

    /// <summary>Records (or updates) the state of the download known by <paramref name="key"/>.</summary>
    public void Set(object key, PartialAnnounce state) => _held[key] = state;

    public void Remove(object key) => _held.TryRemove(key, out _);

    /// <summary>This peer's partial holdings of <paramref name="file"/>, one per version.</summary>
    public IReadOnlyList<PartialAnnounce> Of(string file) =>
        _held.Values.Where(h => h.File == file).DistinctBy(h => h.Sha256).ToList();

    /// <summary>This peer's partial holdings of <paramref name="file"/> as locations at its advertised addresses.</summary>
    public IReadOnlyList<FileLocation> Locations(string file, PeerOptions peer, string fingerprint) =>
        Of(file)
            .Select(h => new FileLocation(
                peer.Id, peer.AdvertisedRestUrl, peer.AdvertisedGrpcUrl, h.Size, h.Sha256, fingerprint, Partial: true, Left: h.Left))
            .ToList();
}
