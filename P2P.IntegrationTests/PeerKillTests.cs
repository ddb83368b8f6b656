using System.Diagnostics;
using System.Net;
using System.Security.Cryptography;
using P2P.Contracts.Files;
using P2P.Contracts.Maestro;
using P2P.Peer.Downloads;
using P2P.Peer.Files;
using P2P.Transfer.Sources;

namespace P2P.Tests.Integration;

/// <summary>
/// Peers killed with SIGKILL, which neither finish their transfers nor deregister: a download loses a real source
/// mid-transfer and completes from the other; the Maestro forgets the dead peer by TTL alone.
/// </summary>
[Collection(FaultCollection.Name)]
public sealed class PeerKillTests(PeerKillFixture network) : IClassFixture<PeerKillFixture>
{
    private const int Chunk = ChunkLayout.ChunkSize;
    private static readonly TimeSpan s_within = TimeSpan.FromSeconds(60);
    private readonly HttpClient _maestro = network.Client("maestro");

    [Fact]
    public async Task A_source_peer_killed_mid_download_leaves_the_download_to_finish_from_another_source_verified()
    {
        var bytes = RandomNumberGenerator.GetBytes(12 * Chunk + 777);
        var name = await network.ShareAsync(bytes, "peer2", "peer3");
        using var peer1 = network.ControlClient("peer1");

        var shared = SharedFilesOf("peer1", "peer2", "peer3");

        var location = await peer1.StartAsync(new { file = name });
        try
        {
            var atKill = await peer1.WaitUntilAsync(
                location, s => s.Sources.Any(source => source.Id == "P2" && source.Chunks > 0) || s.State != DownloadState.Running,
                s_within, "has a chunk from P2");
            Assert.True(atKill.State == DownloadState.Running && atKill.BytesDone < atKill.BytesTotal, $"not mid-download at the kill: {atKill}");
            await network.App.KillAsync("peer2", s_within);

            var status = await peer1.WaitUntilFinishedAsync(location, s_within);

            Assert.True(status.State == DownloadState.Completed, $"{status.State}: {status.Error}");
            Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes)), NetworkFiles.Sha256Of(Path.Combine(network.SharedDir("peer1"), name)));
            var killed = status.Sources.Single(s => s.Id == "P2");
            var survivor = status.Sources.Single(s => s.Id == "P3");
            Assert.Equal(SourceState.Failed, killed.State);
            Assert.True(killed.Chunks > 0 && survivor.Chunks > 0, $"P2 gave {killed.Chunks} chunks, P3 {survivor.Chunks}");
            Assert.True(survivor.Bytes > atKill.Sources.Single(s => s.Id == "P3").Bytes, "P3 sent nothing after the kill");
            // Nothing any peer shared was lost or damaged by the kill: peer1 only gained the downloaded file.
            shared.Add(Path.Combine("peer1", name), "");
            var after = SharedFilesOf("peer1", "peer2", "peer3");
            after[Path.Combine("peer1", name)] = "";
            Assert.True(shared.SequenceEqual(after), $"shared files changed:\n{FolderSnapshot.Diff(shared, after)}");
            TestContext.Current.TestOutputHelper?.WriteLine(
                $"Killed P2 at {atKill.BytesDone} of {atKill.BytesTotal} bytes; P2 gave {killed.Chunks} chunks, P3 {survivor.Chunks}");
        }
        finally
        {
            await network.RestartKilledAsync("peer2");
        }
    }

    [Fact]
    public async Task A_peer_killed_without_deregistering_is_gone_from_locate_and_peers_within_the_ttl()
    {
        var ttl = TimeSpan.FromSeconds(AppHostFixture.PeerTtlSeconds);
        try
        {
            await network.App.KillAsync("peer3", s_within);
            var clock = Stopwatch.StartNew();

            // A stopped peer deregisters at once; a killed one cannot, so the Maestro still lists it until its TTL runs out.
            var right = await _maestro.GetJsonAsync<List<PeerSummary>>("/peers");
            Assert.True(clock.Elapsed < ttl, "the check came too late to tell a deregistration from an expiry");
            Assert.Contains(right, p => p.Id == "P3");

            // Expired at most one TTL after its last heartbeat, which came before the kill; the sweeper runs every second.
            var deadline = ttl + TimeSpan.FromSeconds(1);
            TimeSpan Left() => TimeSpan.FromTicks(Math.Max(TimeSpan.TicksPerMillisecond, (deadline - clock.Elapsed).Ticks));
            await Eventually.ReturnsAsync(
                ct => _maestro.GetAsync($"/locate?file={SampleFiles.OnlyP3}", ct), r => r.StatusCode == HttpStatusCode.NotFound, Left(), "P3's file gone");
            await Eventually.ReturnsAsync(
                ct => _maestro.GetJsonAsync<List<PeerSummary>>("/peers"), peers => peers.All(p => p.Id != "P3"), Left(), "P3 gone from /peers");
            TestContext.Current.TestOutputHelper?.WriteLine($"P3 gone {clock.ElapsedMilliseconds} ms after the kill (TTL {ttl.TotalSeconds} s)");

            var located = await _maestro.GetJsonAsync<LocateResponse>($"/locate?file={SampleFiles.Shared}");
            Assert.Equal(["P1", "P2"], located.Peers.Select(p => p.Id));
        }
        finally
        {
            await network.RestartKilledAsync("peer3");
        }
    }

    /// <summary>The shared files (not the peers' state folders) of <paramref name="peers"/>, as "peerN/name".</summary>
    private SortedDictionary<string, string> SharedFilesOf(params string[] peers) =>
        FolderSnapshot.Take(Path.GetDirectoryName(network.SharedDir("peer1"))!,
            path => peers.Any(p => path.StartsWith(p + Path.DirectorySeparatorChar, StringComparison.Ordinal))
                && !path.Contains(SharedFolder.StateFolderName, StringComparison.Ordinal));
}
