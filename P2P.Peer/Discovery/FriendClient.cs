using P2P.Connections;
using P2P.Contracts;
using P2P.Contracts.Peers;
using P2P.Contracts.Remote;

namespace P2P.Peer.Discovery;

/// <summary>
/// Forwards a lookup to a friend's TLS port, over the connections and membership proof this peer's transfers to it use.
/// The answer is read as untrusted: refused whole (<see cref="RemoteAnswerException"/>) when malformed, without its bad
/// entries otherwise.
/// </summary>
public sealed class FriendClient(PeerChannels channels, ILogger<FriendClient> logger) : IFriendTransport
{
    public async Task<FriendQueryAnswer> AskAsync(string friendUrl, FriendQuery query, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(new Uri(friendUrl), PeerRoutes.Query))
        {
            Content = JsonContent.Create(query, options: SnakeCaseJson.Options),
        };
        request.WithRouteTemplate(PeerRoutes.Query);
        using var invoker = channels.Invoker(friendUrl);
        using var response = await invoker.SendAsync(request, cancellationToken);
        response.EnsureSuccessStatusCode();
        var party = $"friend {friendUrl}";
        var answer = await response.ReadAnswerAsync<FriendQueryAnswer>(party, cancellationToken);
        foreach (var reason in answer.Dropped)
        {
            logger.AnswerEntryDropped(party, reason);
        }
        return answer.Value;
    }
}
