using System.Security.Cryptography;
using P2P.Peer.Downloads;
using P2P.Transfer.Sources;

namespace P2P.Tests.Integration.Hosts;

/// <summary>
/// A source lost mid-download, one of three: its link cut (<c>ip link set eth0 down</c> on its host: its packets vanish,
/// no reset comes), or its process killed with SIGKILL. The other hosts must finish the download; a cut source whose
/// link is back serves again.
/// </summary>
[Collection(FaultCollection.Name)]
public sealed class SourceLossTests : HostTests
{
    private readonly byte[] _bytes = RandomNumberGenerator.GetBytes(24 * MiB + 4321);

    [Fact]
    public async Task A_source_cut_off_mid_download_leaves_the_others_to_finish_it_and_serves_again_once_its_link_is_back()
    {
        await using var network = await HostNetwork.CreateAsync(5, Token);
        var (maestro, lost, fetcher) = (network.Hosts[0], network.Hosts[1], network.Hosts[4]);
        var after = RandomNumberGenerator.GetBytes(2 * MiB + 5);
        await lost.ShareAsync("after.bin", after, Token);
        await StartAsync(network);

        await DownloadLosingSourceAsync(fetcher, lost, () => lost.CutLinkAsync(Token));

        await lost.RestoreLinkAsync(Token);
        await maestro.Http(NetworkHost.MaestroPort).WaitUntilLocatableAsync("after.bin", ["S1"]);
        var again = await fetcher.Http().WaitUntilFinishedAsync(await fetcher.Http().StartAsync(new { file = "after.bin" }), Within);

        Assert.True(again.State == DownloadState.Completed, $"the download from the restored source ended {again.State}: {again.Error}");
        Assert.Equal([lost.TlsUrl(NetworkHost.GrpcPort)], again.Sources.Select(s => s.GrpcUrl));
        Assert.Equal(after, await File.ReadAllBytesAsync(Path.Combine(fetcher.SharedDir, "after.bin"), Token));
    }

    [Fact]
    public async Task A_source_killed_with_SIGKILL_mid_download_leaves_the_others_to_finish_it()
    {
        await using var network = await HostNetwork.CreateAsync(5, Token);
        var sources = await StartAsync(network);

        var status = await DownloadLosingSourceAsync(network.Hosts[4], network.Hosts[1], () =>
        {
            sources[0].Kill();
            return Task.CompletedTask;
        });

        Assert.Equal(SourceState.Failed, status.Sources.Single(s => s.Id == "S1").State);
    }

    /// <summary>The Maestro on host 0, sources S1–S3 on hosts 1–3 at 2 MiB/s each (about four seconds from all three), the downloader on host 4.</summary>
    private async Task<HostProcess[]> StartAsync(HostNetwork network)
    {
        var maestro = network.Hosts[0];
        await maestro.StartMaestroAsync(SoftState.Maestro(), Token);
        var sources = await StartSourcesAsync(maestro, network.Hosts.Skip(1).Take(3).ToList(), "lost.bin", _bytes, 2 * MiB);
        await network.Hosts[4].StartPeerAsync("D", maestro, SoftState.Peer(), Token);
        return sources;
    }

    /// <summary>Downloads the file on <paramref name="fetcher"/>, loses <paramref name="source"/> once it has sent 2 MiB, and checks that the file completes.</summary>
    private async Task<DownloadStatus> DownloadLosingSourceAsync(NetworkHost fetcher, NetworkHost source, Func<Task> lose)
    {
        var peer = fetcher.Http();
        var location = await peer.StartAsync(new { file = "lost.bin" });
        var atLoss = await peer.WaitUntilAsync(location,
            s => s.Sources.Any(x => x.GrpcUrl == source.TlsUrl(NetworkHost.GrpcPort) && x.Bytes >= 2 * MiB) || s.State != DownloadState.Running,
            Within, "taking bytes from the source to lose");
        await lose();
        var status = await peer.WaitUntilFinishedAsync(location, Within);

        TestContext.Current.TestOutputHelper?.WriteLine($"lost at {atLoss.BytesDone} of {atLoss.BytesTotal} bytes; sources: {string.Join("; ", status.Sources)}");
        Assert.Equal(DownloadState.Running, atLoss.State);
        Assert.True(status.State == DownloadState.Completed, $"the download ended {status.State}: {status.Error}");
        Assert.Equal(_bytes, await File.ReadAllBytesAsync(Path.Combine(fetcher.SharedDir, "lost.bin"), Token));
        return status;
    }
}
