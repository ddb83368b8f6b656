using System.Security.Cryptography;
using P2P.Peer.Transfer;

namespace P2P.Tests.Integration.Hosts;

/// <summary>
/// A source whose link is cut mid-download (<c>ip link set eth0 down</c> on its host): its packets vanish, no reset
/// comes, and the download must finish from the other hosts; once the link is back, the source serves again.
/// </summary>
[Collection(FaultCollection.Name)]
public sealed class SourceLinkTests : HostTests
{
    [Fact]
    public async Task A_source_cut_off_mid_download_leaves_the_others_to_finish_it_and_serves_again_once_its_link_is_back()
    {
        await using var network = await HostNetwork.CreateAsync(5, Token);
        var (maestro, cut, fetcher) = (network.Hosts[0], network.Hosts[1], network.Hosts[4]);
        var sources = network.Hosts.Skip(1).Take(3).ToList();
        var bytes = RandomNumberGenerator.GetBytes(24 * MiB + 4321);
        var after = RandomNumberGenerator.GetBytes(2 * MiB + 5);
        await cut.ShareAsync("after.bin", after, Token);

        await maestro.StartMaestroAsync(SoftState.Maestro(), Token);
        // 2 MiB/s per source: about four seconds from three, long enough to cut one in the middle.
        await StartSourcesAsync(maestro, sources, "cut.bin", bytes, 2 * MiB);
        await fetcher.StartPeerAsync("D", maestro, SoftState.Peer(), Token);

        var peer = fetcher.Http();
        var location = await peer.StartAsync(new { file = "cut.bin" });
        var atCut = await peer.WaitUntilAsync(location,
            s => s.Sources.Any(x => x.GrpcUrl == cut.Url(NetworkHost.GrpcPort) && x.Bytes >= 2 * MiB) || s.State != DownloadState.Running,
            Within, "taking bytes from the source to cut");
        await cut.CutLinkAsync(Token);
        var status = await peer.WaitUntilFinishedAsync(location, Within);

        TestContext.Current.TestOutputHelper?.WriteLine($"cut at {atCut.BytesDone} of {atCut.BytesTotal} bytes; sources: {string.Join("; ", status.Sources)}");
        Assert.Equal(DownloadState.Running, atCut.State);
        Assert.True(status.State == DownloadState.Completed, $"the download ended {status.State}: {status.Error}");
        Assert.Equal(bytes, await File.ReadAllBytesAsync(Path.Combine(fetcher.SharedDir, "cut.bin"), Token));

        await cut.RestoreLinkAsync(Token);
        await maestro.Http(NetworkHost.MaestroPort).WaitUntilLocatableAsync("after.bin", ["S1"]);
        var again = await peer.WaitUntilFinishedAsync(await peer.StartAsync(new { file = "after.bin" }), Within);

        Assert.True(again.State == DownloadState.Completed, $"the download from the restored source ended {again.State}: {again.Error}");
        Assert.Equal([cut.Url(NetworkHost.GrpcPort)], again.Sources.Select(s => s.GrpcUrl));
        Assert.Equal(after, await File.ReadAllBytesAsync(Path.Combine(fetcher.SharedDir, "after.bin"), Token));
    }
}
