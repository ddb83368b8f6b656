using System.Security.Cryptography;
using P2P.Connections;
using P2P.Contracts.Maestro;
using P2P.Contracts.Peers;
using P2P.Contracts.Transfer.V1;
using P2P.Peer.Downloads;

namespace P2P.Tests.Integration.Hosts;

/// <summary>
/// What anyone watching the link sees: every packet on the bridge is captured while peers register and heartbeat, a
/// lookup goes through a friend, a file is downloaded between hosts and another uploaded, and the capture holds
/// neither the network key nor any 64-byte run of either file. Also: a peer restarted keeps its identity.
/// </summary>
[Collection(FaultCollection.Name)]
public sealed class WireCaptureTests : HostTests, IDisposable
{
    private readonly TempFolder _temp = new();

    [Fact]
    public async Task Nothing_secret_crosses_the_wire_registration_heartbeats_friends_download_and_upload_are_all_TLS()
    {
        await using var network = await HostNetwork.CreateAsync(3, Token);
        var (maestro, holder, fetcher) = (network.Hosts[0], network.Hosts[1], network.Hosts[2]);
        var downloaded = RandomNumberGenerator.GetBytes(MiB + 37);
        var uploaded = RandomNumberGenerator.GetBytes(MiB / 2 + 11);
        await holder.ShareAsync("secret.bin", downloaded, Token);
        await using var capture = await network.CaptureAsync(Path.Combine(_temp.Path, "bridge.pcap"), Token);

        await maestro.StartMaestroAsync(SoftState.Maestro(), Token);
        await holder.StartPeerAsync("P1", maestro, SoftState.Peer(), Token);
        await fetcher.StartPeerAsync("P2", maestro, SoftState.Peer(new Dictionary<string, object> { ["friend_peer_primary"] = holder.TlsUrl(NetworkHost.GrpcPort) }), Token);
        var viaFriend = await fetcher.Http().GetJsonAsync<PeerLocateResponse>("/locate?file=secret.bin&mode=friends");
        var status = await fetcher.Http().WaitUntilFinishedAsync(await fetcher.Http().StartAsync(new { file = "secret.bin" }), Within);
        await UploadAsync(network, holder, "uploaded.bin", uploaded);
        // A few heartbeats more, each one a chance for the key to show.
        await Task.Delay(TimeSpan.FromSeconds(3 * SoftState.HeartbeatSeconds), Token);
        var wire = await capture.StopAsync(Token);

        Assert.Equal(["P2", "P1"], viaFriend.Path);
        Assert.True(status.State == DownloadState.Completed, $"the download ended {status.State}: {status.Error}");
        Assert.Equal(uploaded, await File.ReadAllBytesAsync(Path.Combine(holder.SharedDir, "uploaded.bin"), Token));
        Assert.True(wire.Length > downloaded.Length + uploaded.Length, $"the capture holds only {wire.Length} bytes");
        Assert.True(HasTlsHandshake(wire), "the capture shows no TLS handshake");
        Assert.False(WireSearch.Contains(wire, network.NetworkKey), "the network key crossed the wire");
        Assert.Equal(-1, WireSearch.FindRunOf(wire, downloaded));
        Assert.Equal(-1, WireSearch.FindRunOf(wire, uploaded));
    }

    [Fact]
    public async Task A_restarted_peer_keeps_its_identity_and_the_directory_reports_it()
    {
        await using var network = await HostNetwork.CreateAsync(2, Token);
        var (maestro, holder) = (network.Hosts[0], network.Hosts[1]);
        await holder.ShareAsync("kept.bin", [1, 2, 3], Token);
        await maestro.StartMaestroAsync(SoftState.Maestro(), Token);

        var first = await holder.StartPeerAsync("P1", maestro, SoftState.Peer(), Token);
        var before = (await holder.Http().GetJsonAsync<PeerInfo>("/info")).Fingerprint;
        await first.StopAsync(TimeSpan.FromSeconds(10), Token);
        await holder.StartPeerAsync("P1", maestro, SoftState.Peer(), Token);
        var after = (await holder.Http().GetJsonAsync<PeerInfo>("/info")).Fingerprint;
        var located = await maestro.Http(NetworkHost.MaestroPort).GetJsonAsync<LocateResponse>(MaestroRoutes.LocateFile("kept.bin"));

        Assert.Equal(before, after);
        Assert.Equal(after, Assert.Single(located.Peers).Fingerprint);
    }

    public void Dispose() => _temp.Dispose();

    private async Task UploadAsync(HostNetwork network, NetworkHost to, string name, byte[] bytes)
    {
        using var channels = new PeerChannels(TestMembers.Holding(network.NetworkKey), TimeProvider.System);
        var client = new FileTransfer.FileTransferClient(channels.For(to.TlsUrl(NetworkHost.GrpcPort)));
        var header = new UploadHeader { FileName = name, Size = bytes.Length, Sha256 = Convert.ToHexStringLower(SHA256.HashData(bytes)) };
        await UploadClient.UploadAsync(client, header, bytes, Token);
    }

    /// <summary>A TLS record carrying a ClientHello: content type 22 (handshake), then handshake type 1, five bytes on.</summary>
    private static bool HasTlsHandshake(byte[] wire)
    {
        ReadOnlySpan<byte> record = [0x16, 0x03, 0x01];
        var rest = wire.AsSpan();
        for (var at = rest.IndexOf(record); at >= 0 && at + 5 < rest.Length; at = rest.IndexOf(record))
        {
            if (rest[at + 5] == 0x01)
            {
                return true;
            }
            rest = rest[(at + 1)..];
        }
        return false;
    }
}
