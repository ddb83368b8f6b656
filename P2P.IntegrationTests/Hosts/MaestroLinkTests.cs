using P2P.Contracts.Peers;

namespace P2P.Tests.Integration.Hosts;

/// <summary>
/// The Maestro's host cut off: lookups go on through friends, at the hosts' own addresses, and once the link is back
/// the peers, expired meanwhile, register again on their own.
/// </summary>
[Collection(FaultCollection.Name)]
public sealed class MaestroLinkTests : HostTests
{
    [Fact]
    public async Task With_the_Maestro_cut_off_lookups_go_through_friends_and_registrations_come_back_with_the_link()
    {
        await using var network = await HostNetwork.CreateAsync(4, Token);
        var maestro = network.Hosts[0];
        var ring = network.Hosts.Skip(1).ToList();
        var ids = new[] { "PA", "PB", "PC" };
        await ring[2].ShareAsync("ring.bin", [1, 2, 3], Token);
        var service = await maestro.StartMaestroAsync(SoftState.Maestro(), Token);
        await Task.WhenAll(ring.Select((host, i) => host.StartPeerAsync(ids[i], maestro, SoftState.Peer(new Dictionary<string, object>
        {
            ["friend_peer_primary"] = ring[(i + 1) % 3].TlsUrl(NetworkHost.GrpcPort),
            ["friend_peer_backup"] = ring[(i + 2) % 3].TlsUrl(NetworkHost.GrpcPort),
        }), Token)));

        await maestro.CutLinkAsync(Token);
        var located = await ring[0].Http().GetJsonAsync<PeerLocateResponse>("/locate?file=ring.bin");
        // Longer than a TTL: the Maestro, still running, expires every peer it no longer hears from.
        await Task.Delay(SoftState.ExpiryLimit + TimeSpan.FromSeconds(3), Token);
        await maestro.RestoreLinkAsync(Token);
        var peers = await Eventually.ReturnsAsync(
            maestro.ListPeersAsync,
            p => p.Count == 3, Within, "every peer registered again");

        Assert.Equal("friends", located.FoundBy);
        Assert.Equal(("PC", ring[2].Url(NetworkHost.RestPort), ring[2].TlsUrl(NetworkHost.GrpcPort)), (Assert.Single(located.Peers).Id, located.Peers[0].RestUrl, located.Peers[0].GrpcUrl));
        Assert.Equal(ids.Select((id, i) => (id, ring[i].Url(NetworkHost.RestPort))), peers.Select(p => (p.Id, p.RestUrl)));
        Assert.All(ids, id => Assert.Contains($"Peer {id} expired", service.Output, StringComparison.Ordinal));
    }
}
