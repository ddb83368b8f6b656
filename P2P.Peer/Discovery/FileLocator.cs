using Microsoft.Extensions.Options;
using P2P.Contracts.Maestro;
using P2P.Peer.Files;
using P2P.Peer.Registration;

namespace P2P.Peer.Discovery;

/// <summary>Finds a file from this peer: its own folder first, then its friends (primary, then backup), then the Maestro.</summary>
public sealed class FileLocator(
    FileCatalog catalog, FriendClient friends, MaestroClient maestro, IOptions<PeerOptions> options, ILogger<FileLocator> logger)
{
    public async Task<PeerLocateResponse?> LocateAsync(string file, CancellationToken cancellationToken)
    {
        var peer = options.Value;
        if (catalog.Find(file) is { } local)
        {
            return new PeerLocateResponse(file, "local", [new FileLocation(peer.Id, peer.AdvertisedRestUrl, peer.AdvertisedGrpcUrl, local.Size, local.Sha256)]);
        }
        if (await FromFriendsAsync(file, cancellationToken) is { Count: > 0 } byFriends)
        {
            return new PeerLocateResponse(file, "friends", byFriends);
        }
        return await FromMaestroAsync(file, cancellationToken) is { Count: > 0 } byMaestro
            ? new PeerLocateResponse(file, "maestro", byMaestro)
            : null;
    }

    /// <summary>The first friend (primary, then backup) that holds the file; empty when none answers yes in time.</summary>
    public async Task<IReadOnlyList<FileLocation>> FromFriendsAsync(string file, CancellationToken cancellationToken)
    {
        var peer = options.Value;
        foreach (var friend in peer.Friends)
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(peer.FriendTimeoutMs);
            try
            {
                if (await friends.SearchAsync(friend, file, timeout.Token) is { Found: true } hit)
                {
                    return [new FileLocation(hit.Id, hit.RestUrl, hit.GrpcUrl, hit.Size ?? 0, hit.Sha256 ?? "")];
                }
            }
            catch (Exception e) when (RemoteCallFailure.IsExpected(e, cancellationToken))
            {
                logger.FriendUnavailable(friend, e.Message);
            }
        }
        return [];
    }

    /// <summary>Every live holder the Maestro knows; empty when it knows none or cannot be reached.</summary>
    public async Task<IReadOnlyList<FileLocation>> FromMaestroAsync(string file, CancellationToken cancellationToken)
    {
        try
        {
            return await maestro.LocateAsync(file, cancellationToken);
        }
        catch (Exception e) when (RemoteCallFailure.IsExpected(e, cancellationToken))
        {
            logger.MaestroUnavailable(options.Value.MaestroUrl, e.Message);
            return [];
        }
    }
}
