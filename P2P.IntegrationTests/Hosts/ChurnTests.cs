using System.Collections.Concurrent;
using System.Diagnostics;
using System.Security.Cryptography;
using P2P.Peer.Downloads;

namespace P2P.Tests.Integration.Hosts;

/// <summary>
/// Twenty peers, each on its own host and holding the files being downloaded, join and leave at random for a minute
/// (half the leavers stop cleanly, half are killed with SIGKILL and never deregister) while three peers download
/// again and again: no download fails, and once the churn stops the Maestro lists exactly the live peers within a TTL.
/// </summary>
[Collection(FaultCollection.Name)]
public sealed class ChurnTests : HostTests
{
    private const int Churners = 20;
    private const int Downloaders = 3;
    private static readonly TimeSpan s_churn = TimeSpan.FromSeconds(60);

    private readonly ConcurrentDictionary<NetworkHost, HostProcess> _live = new();
    private readonly List<byte[]> _files = [.. Enumerable.Range(0, Downloaders).Select(_ => RandomNumberGenerator.GetBytes(8 * MiB + 31))];
    private int _joins;
    private int _kills;
    private int _stops;

    [Fact]
    public async Task Twenty_peers_joining_and_leaving_for_a_minute_fail_no_download_and_the_directory_settles_within_a_TTL()
    {
        await using var network = await HostNetwork.CreateAsync(2 + Downloaders + Churners, Token);
        var (maestro, stable) = (network.Hosts[0], network.Hosts[1]);
        var downloaders = network.Hosts.Skip(2).Take(Downloaders).ToList();
        var churners = network.Hosts.Skip(2 + Downloaders).ToList();
        foreach (var host in churners.Prepend(stable))
        {
            for (var f = 0; f < _files.Count; f++)
            {
                await host.ShareAsync(FileName(f), _files[f], Token);
            }
        }
        await maestro.StartMaestroAsync(SoftState.Maestro(), Token);
        // Slow uplinks, so that a download lasts seconds and sources come and go under it; the stable one is always there.
        await stable.StartPeerAsync("S1", maestro, SoftState.Peer(new Dictionary<string, object> { ["serve_bytes_per_second"] = MiB }), Token);
        await Task.WhenAll(downloaders.Select((h, i) => h.StartPeerAsync($"D{i + 1}", maestro, SoftState.Peer(), Token)));
        await Task.WhenAll(churners.Take(Churners / 2).Select(c => JoinAsync(c, maestro)));

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Token);
        var rounds = downloaders.Select((h, i) => DownloadUntilAsync(h, i, stop.Token)).ToList();
        await Task.WhenAll(churners.Chunk(Churners / 2).Select(half => ChurnAsync(half, maestro, Random.Shared.Next())));
        var settled = Stopwatch.StartNew();
        var expected = _live.Keys.Select(Id).Concat(["S1"]).Concat(downloaders.Select((_, i) => $"D{i + 1}")).Order(StringComparer.Ordinal).ToList();
        var listed = await Eventually.ReturnsAsync(
            maestro.ListPeersAsync,
            peers => peers.Select(p => p.Id).SequenceEqual(expected), SoftState.ExpiryLimit + TimeSpan.FromSeconds(1), $"/peers lists exactly {string.Join(",", expected)}");
        var settledAfter = settled.Elapsed;
        await stop.CancelAsync();
        var completed = await Task.WhenAll(rounds);

        TestContext.Current.TestOutputHelper?.WriteLine(
            $"{_joins} joins, {_kills} kills, {_stops} clean stops; {_live.Count} churners live at the end; /peers matched {settledAfter.TotalSeconds:F1} s after the churn; downloads completed per downloader: {string.Join(", ", completed)}");
        Assert.All(completed, n => Assert.True(n >= 2, $"only {n} downloads completed during the churn"));
        Assert.Equal(expected, listed.Select(p => p.Id));
    }

    private static string FileName(int index) => $"churn-{index}.bin";

    private static string Id(NetworkHost churner) => "C" + churner.Name[1..];

    private async Task JoinAsync(NetworkHost churner, NetworkHost maestro)
    {
        _live[churner] = await churner.StartPeerAsync(Id(churner), maestro,
            SoftState.Peer(new Dictionary<string, object> { ["serve_bytes_per_second"] = MiB / 2 }), Token);
    }

    /// <summary>For a minute, one random event at a time among <paramref name="churners"/>: a live one leaves, a gone one joins.</summary>
    private async Task ChurnAsync(NetworkHost[] churners, NetworkHost maestro, int seed)
    {
        var random = new Random(seed);
        var until = Stopwatch.StartNew();
        while (until.Elapsed < s_churn)
        {
            await Task.Delay(random.Next(200, 1200), Token);
            var churner = churners[random.Next(churners.Length)];
            if (!_live.TryRemove(churner, out var process))
            {
                await JoinAsync(churner, maestro);
                Interlocked.Increment(ref _joins);
            }
            else if (random.Next(2) == 0)
            {
                process.Kill();
                Interlocked.Increment(ref _kills);
            }
            else
            {
                await process.StopAsync(TimeSpan.FromSeconds(15), Token);
                Interlocked.Increment(ref _stops);
            }
        }
    }

    /// <summary>Downloads its file, checks it, deletes it and starts again, until <paramref name="stop"/>; every download must complete.</summary>
    private async Task<int> DownloadUntilAsync(NetworkHost downloader, int file, CancellationToken stop)
    {
        var peer = downloader.Http();
        var path = Path.Combine(downloader.SharedDir, FileName(file));
        var completed = 0;
        while (!stop.IsCancellationRequested)
        {
            var status = await peer.WaitUntilFinishedAsync(await peer.StartAsync(new { file = FileName(file) }), Within);
            Assert.True(status.State == DownloadState.Completed,
                $"download {completed + 1} of {FileName(file)} on {downloader.Name} ended {status.State}: {status.Error}; sources: {string.Join("; ", status.Sources)}");
            Assert.Equal(_files[file], await File.ReadAllBytesAsync(path, Token));
            completed++;
            File.Delete(path);
            using var refreshed = await peer.PostAsync("/refresh", null, Token);
            refreshed.EnsureSuccessStatusCode();
        }
        return completed;
    }
}
