using P2P.Contracts;
using P2P.Contracts.Peers;

namespace P2P.Peer.Discovery;

/// <summary>Forwards a lookup to a friend peer. Friend URLs may be service-discovery names (<c>http://peer2</c>).</summary>
public sealed class FriendClient(HttpClient http) : IFriendTransport
{
    public async Task<FriendQueryAnswer?> AskAsync(string friendUrl, FriendQuery query, CancellationToken cancellationToken)
    {
        var uri = new Uri(new Uri(friendUrl), PeerRoutes.Query);
        using var response = await http.PostAsJsonAsync(uri, query, SnakeCaseJson.Options, cancellationToken);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<FriendQueryAnswer>(SnakeCaseJson.Options, cancellationToken);
    }
}
