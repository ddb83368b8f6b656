using P2P.Transfer.Sources;

namespace P2P.Transfer.Swarm;

/// <summary>
/// Peers that watched a version here and said they are downloading it too: sources for this peer's own download of
/// it, found without the directory (a late peer that dials an early one is a source for it in turn).
/// </summary>
public interface IWatchingPeers
{
    /// <summary>The members watching version <paramref name="sha256"/> now, each with the fingerprint it proved.</summary>
    IReadOnlyList<SourceAddress> Of(string sha256);
}
