using P2P.Contracts;
using P2P.Contracts.Peers;
using P2P.Contracts.Remote;

namespace P2P.Peer.Discovery;

/// <summary>
/// Forwards a lookup to a friend peer. Friend URLs may be service-discovery names (<c>http://peer2</c>). The answer is
/// read as untrusted: refused whole (<see cref="RemoteAnswerException"/>) when malformed, without its bad entries otherwise.
/// </summary>
public sealed class FriendClient(HttpClient http, ILogger<FriendClient> logger) : IFriendTransport
{
    public async Task<FriendQueryAnswer> AskAsync(string friendUrl, FriendQuery query, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(new Uri(friendUrl), PeerRoutes.Query))
        {
            Content = JsonContent.Create(query, options: SnakeCaseJson.Options),
        };
        request.WithRouteTemplate(PeerRoutes.Query);
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
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
