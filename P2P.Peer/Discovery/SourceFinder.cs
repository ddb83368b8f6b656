using Microsoft.Extensions.Options;
using P2P.Contracts.Maestro;
using P2P.Contracts.Peers;
using P2P.Transfer.Sources;

namespace P2P.Peer.Discovery;

/// <summary>
/// The peers a download can take a file from, other than this one: the gRPC URLs given with the request, else
/// every live holder the Maestro knows, else (the Maestro down or unaware) what a friends query finds.
/// </summary>
public sealed class SourceFinder(FileLocator locator, FriendQueryHandler friends, IOptions<PeerOptions> options)
{
    public async Task<IReadOnlyList<SourceAddress>> FindAsync(string file, IReadOnlyList<string>? explicitSources, CancellationToken cancellationToken)
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
        return located.Where(IsOther).Select(l => new SourceAddress(l.Id, l.GrpcUrl, l.Fingerprint, l.Sha256)).ToList();

        // By id when the location has one: across hosts, another peer may advertise the same localhost URL as this one.
        bool IsOther(FileLocation l) => l.Id.Length > 0 ? l.Id != self.Id : l.GrpcUrl != self.AdvertisedGrpcUrl;
    }
}
