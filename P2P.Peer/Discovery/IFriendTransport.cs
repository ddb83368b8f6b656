using P2P.Contracts.Peers;

namespace P2P.Peer.Discovery;

/// <summary>The one call the forwarding rules make to the network, so they can be tested without one.</summary>
public interface IFriendTransport
{
    /// <summary>
    /// Sends <paramref name="query"/> to the friend at <paramref name="friendUrl"/>; throws when it cannot be reached or
    /// its answer is refused, and returns the answer with its bad entries left out.
    /// </summary>
    Task<FriendQueryAnswer> AskAsync(string friendUrl, FriendQuery query, CancellationToken cancellationToken);
}
