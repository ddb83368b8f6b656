using System.Security.Cryptography;
using P2P.Contracts.Files;
using P2P.Peer.Downloads;

namespace P2P.Tests.Integration.Hosts;

/// <summary>
/// The downloading peer killed with SIGKILL mid-download and started again on its host from the same config.json:
/// it resumes the download it had under way, keeping the chunks it had verified.
/// </summary>
[Collection(FaultCollection.Name)]
public sealed class DownloaderKillTests : HostTests
{
    [Fact]
    public async Task A_downloader_killed_and_restarted_resumes_from_its_verified_chunks()
    {
        await using var network = await HostNetwork.CreateAsync(4, Token);
        var (maestro, fetcher) = (network.Hosts[0], network.Hosts[3]);
        var sources = network.Hosts.Skip(1).Take(2).ToList();
        var bytes = RandomNumberGenerator.GetBytes(24 * MiB + 99);
        await maestro.StartMaestroAsync(SoftState.Maestro(), Token);
        // 2 MiB/s per source: about six seconds in all, so the kill lands in the middle.
        await StartSourcesAsync(maestro, sources, "resumed.bin", bytes, 2 * MiB);
        var downloader = await fetcher.StartPeerAsync("D", maestro, SoftState.Peer(), Token);

        var location = await fetcher.Http().StartAsync(new { file = "resumed.bin" });
        var atKill = await fetcher.Http().WaitUntilAsync(location, s => s.BytesDone >= 8 * MiB || s.State != DownloadState.Running, Within, "8 MiB in");
        downloader.Kill();
        await fetcher.StartPeerAsync("D", maestro, SoftState.Peer(), Token);
        var status = await fetcher.Http().WaitUntilFinishedAsync(location, Within);

        TestContext.Current.TestOutputHelper?.WriteLine($"killed at {atKill.BytesDone} bytes; resumed {status.BytesResumed}; sources: {string.Join("; ", status.Sources)}");
        Assert.Equal(DownloadState.Running, atKill.State);
        Assert.True(status.State == DownloadState.Completed, $"the resumed download ended {status.State}: {status.Error}");
        // Chunks verified between the status read and the kill count too, so the bound above is the file, not atKill.
        Assert.InRange(status.BytesResumed, ChunkLayout.ChunkSize, status.BytesTotal - 1);
        Assert.Equal(bytes, await File.ReadAllBytesAsync(Path.Combine(fetcher.SharedDir, "resumed.bin"), Token));
    }
}
