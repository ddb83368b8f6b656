using P2P.Contracts;
using P2P.Contracts.Peers;

namespace P2P.Peer.Discovery;

/// <summary>Asks a friend peer whether it holds a file. Friend URLs may be service-discovery names.</summary>
public sealed class FriendClient(HttpClient http)
{
    public async Task<SearchResult?> SearchAsync(string friendUrl, string file, CancellationToken cancellationToken)
    {
        var uri = new Uri(new Uri(friendUrl), PeerRoutes.SearchFile(file));
        using var response = await http.GetAsync(uri, cancellationToken);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<SearchResult>(SnakeCaseJson.Options, cancellationToken);
    }
}
