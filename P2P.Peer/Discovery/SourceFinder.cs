using Microsoft.Extensions.Options;
using P2P.Contracts.Maestro;
using P2P.Contracts.Peers;
using P2P.Peer.Swarm;
using P2P.Transfer.Sources;
using P2P.Transfer.Swarm;

namespace P2P.Peer.Discovery;

/// <summary>
/// The peers a download can take a file from, other than this one: the gRPC URLs given with the request, else every
/// live holder the Maestro knows, complete and partial, else (the Maestro down or unaware) what a friends query finds;
/// then the peers watching the chosen version here. One address per peer id, a complete holder's before a partial one's.
/// With swarming off, complete holders only, as before swarming.
/// </summary>
public sealed class SourceFinder(
    FileLocator locator, FriendQueryHandler friends, IOptions<PeerOptions> options, IOptions<SwarmOptions> swarm, IWatchingPeers? watching = null)
{
    /// <param name="sha256">The version the download chose, once it knows it: its watchers are sources too.</param>
    public async Task<IReadOnlyList<SourceAddress>> FindAsync(
        string file, string? sha256, IReadOnlyList<string>? explicitSources, CancellationToken cancellationToken)
    {
        var self = options.Value;
        if (explicitSources is { Count: > 0 })
        {
            return explicitSources.Select(SourceAddress.At).ToList();
        }

        var located = await locator.FromMaestroAsync(file, cancellationToken);
        if (!located.Any(IsOther))
        {
            var answer = await friends.StartAsync(file, cancellationToken);
            located = answer.Outcome == QueryOutcome.Found ? answer.Peers : [];
        }
        var swarming = swarm.Value.Swarming;
        var holders = located
            .Where(l => IsOther(l) && (swarming || !l.Partial))
            .Select(l => new SourceAddress(l.Id, l.GrpcUrl, l.Fingerprint, l.Sha256, l.Partial));
        var watchers = sha256 is null || watching is null || !swarming ? [] : watching.Of(sha256).Select(w => w with { Partial = true });
        return Merge(holders.Concat(watchers.Where(w => w.Id != self.Id)), sha256);

        // By id when the location has one: across hosts, another peer may advertise the same localhost URL as this one.
        bool IsOther(FileLocation l) => l.Id.Length > 0 ? l.Id != self.Id : l.GrpcUrl != self.AdvertisedGrpcUrl;
    }

    /// <summary>
    /// One address per peer id, in the order found but that a complete holder's stands first, preferring (for a peer
    /// listed twice) the version <paramref name="sha256"/>, then a complete copy over a partial one.
    /// </summary>
    public static IReadOnlyList<SourceAddress> Merge(IEnumerable<SourceAddress> found, string? sha256)
    {
        var best = new Dictionary<string, (SourceAddress Address, int Order)>(StringComparer.Ordinal);
        var order = 0;
        foreach (var source in found)
        {
            if (!best.TryGetValue(source.Id, out var kept) || Rank(source, sha256) < Rank(kept.Address, sha256))
            {
                best[source.Id] = (source, kept.Address is null ? order : kept.Order);
            }
            order++;
        }
        return best.Values.OrderBy(b => b.Address.Partial).ThenBy(b => b.Order).Select(b => b.Address).ToList();
    }

    private static int Rank(SourceAddress source, string? sha256) =>
        (sha256 is not null && source.Sha256 is not null && source.Sha256 != sha256 ? 2 : 0) + (source.Partial ? 1 : 0);
}
