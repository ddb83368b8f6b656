using System.Net.Http.Json;
using System.Security.Cryptography;
using P2P.Contracts;
using P2P.Contracts.Maestro;
using P2P.Contracts.Peers;
using P2P.Peer.Downloads;

namespace P2P.Tests.Integration.Hosts;

/// <summary>
/// The seed's configuration across hosts: peers listening on <c>0.0.0.0</c> with no advertised URL are registered, found
/// and downloaded from at their own hosts' addresses, never at <c>localhost</c>.
/// </summary>
[Collection(FaultCollection.Name)]
public sealed class SeedConfigurationTests : HostTests
{
    [Fact]
    public async Task A_file_is_looked_up_and_downloaded_between_two_hosts_configured_like_the_seed()
    {
        await using var network = await HostNetwork.CreateAsync(3, Token);
        var (maestro, holder, fetcher) = (network.Hosts[0], network.Hosts[1], network.Hosts[2]);
        var bytes = RandomNumberGenerator.GetBytes(3 * 1024 * 1024 + 77);
        await File.WriteAllBytesAsync(Path.Combine(holder.SharedDir, "seed.bin"), bytes, Token);

        await maestro.StartMaestroAsync(null, Token);
        await holder.StartPeerAsync("P1", maestro, SoftState.Peer(new Dictionary<string, object> { ["friend_peer_primary"] = fetcher.TlsUrl(NetworkHost.GrpcPort) }), Token);
        await fetcher.StartPeerAsync("P2", maestro, SoftState.Peer(new Dictionary<string, object> { ["friend_peer_primary"] = holder.TlsUrl(NetworkHost.GrpcPort) }), Token);

        var peers = await maestro.ListPeersAsync(Token);
        Assert.Equal(
            [("P1", holder.Url(NetworkHost.RestPort), holder.TlsUrl(NetworkHost.GrpcPort)), ("P2", fetcher.Url(NetworkHost.RestPort), fetcher.TlsUrl(NetworkHost.GrpcPort))],
            peers.Select(p => (p.Id, p.RestUrl, p.GrpcUrl)));
        var viaMaestro = await fetcher.Http().GetJsonAsync<PeerLocateResponse>("/locate?file=seed.bin&mode=maestro");
        var viaFriend = await fetcher.Http().GetJsonAsync<PeerLocateResponse>("/locate?file=seed.bin&mode=friends");
        Assert.Equal(holder.TlsUrl(NetworkHost.GrpcPort), Assert.Single(viaMaestro.Peers).GrpcUrl);
        Assert.Equal((holder.Url(NetworkHost.RestPort), holder.TlsUrl(NetworkHost.GrpcPort)), (Assert.Single(viaFriend.Peers).RestUrl, viaFriend.Peers[0].GrpcUrl));

        var location = await fetcher.Http().StartAsync(new { file = "seed.bin" });
        var status = await fetcher.Http().WaitUntilFinishedAsync(location, Within);

        Assert.True(status.State == DownloadState.Completed, $"the download ended {status.State}: {status.Error}");
        Assert.Equal(bytes, await File.ReadAllBytesAsync(Path.Combine(fetcher.SharedDir, "seed.bin"), Token));
        Assert.Equal([holder.TlsUrl(NetworkHost.GrpcPort)], status.Sources.Select(s => s.GrpcUrl));
    }

    [Fact]
    public async Task The_Maestro_records_a_loopback_or_wildcard_address_at_the_host_the_registration_came_from()
    {
        await using var network = await HostNetwork.CreateAsync(1, Token);
        var maestro = network.Hosts[0];
        await maestro.StartMaestroAsync(null, Token);
        var client = maestro.Member(NetworkHost.MaestroTlsPort);

        var registrations = new[]
        {
            new PeerRegistration("W1", "http://localhost:8000", "http://0.0.0.0:50051", []),
            new PeerRegistration("W2", "http://192.0.2.9:8000", "http://192.0.2.9:50051", []),
        };
        foreach (var registration in registrations)
        {
            using var response = await client.PostAsJsonAsync(MaestroRoutes.Register, registration, SnakeCaseJson.Options, Token);
            await response.ReadJsonAsync<RegistrationAccepted>();
        }
        var peers = await maestro.ListPeersAsync(Token);

        Assert.Equal(
            [("W1", $"http://{network.DriverAddress}:8000", $"http://{network.DriverAddress}:50051"), ("W2", "http://192.0.2.9:8000", "http://192.0.2.9:50051")],
            peers.Select(p => (p.Id, p.RestUrl, p.GrpcUrl)));
    }
}
