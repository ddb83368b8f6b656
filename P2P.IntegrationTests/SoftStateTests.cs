using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using P2P.Contracts.Maestro;

namespace P2P.Tests.Integration;

/// <summary>Soft state under faults: a stopped peer leaves the directory; a restarted Maestro is whole again.</summary>
[Collection(DevelopmentNetwork.Name)]
public sealed class SoftStateTests(DevelopmentFixture network)
{
    private static readonly TimeSpan s_within = TimeSpan.FromSeconds(30);

    /// <summary>The time one registration takes to land on a loaded machine, beyond the heartbeat interval itself.</summary>
    private static readonly TimeSpan s_registrationLatency = TimeSpan.FromSeconds(1);
    private readonly HttpClient _maestro = network.Client("maestro");

    [Fact]
    public async Task A_stopped_peer_leaves_peers_and_locate()
    {
        await network.StopAsync("peer3", s_within);
        try
        {
            await Eventually.ReturnsAsync(
                ct => _maestro.GetAsync($"/locate?file={SampleFiles.OnlyP3}", ct), r => r.StatusCode == HttpStatusCode.NotFound, s_within, "P3's file gone");
            var peers = await _maestro.GetJsonAsync<List<PeerSummary>>("/peers");
            Assert.DoesNotContain(peers, p => p.Id == "P3");
            Assert.Contains(peers, p => p.Id == "P1");
        }
        finally
        {
            await network.StartWholeAsync("peer3", s_within);
        }
    }

    [Fact]
    public async Task A_restarted_maestro_is_whole_again_from_the_peers_heartbeats()
    {
        var before = (await _maestro.GetJsonAsync<List<PeerSummary>>("/peers")).Select(p => p.Id).ToList();
        var beforeStatus = await _maestro.GetJsonAsync<MaestroStatus>("/");

        await network.RestartAsync("maestro", s_within);
        await Eventually.ReturnsAsync(
            ct => _maestro.GetFromJsonAsync<MaestroStatus>("/", P2P.Contracts.SnakeCaseJson.Options, ct),
            status => status!.StartedAt > beforeStatus.StartedAt, s_within, "the new Maestro answers");
        var clock = Stopwatch.StartNew();

        // Every peer's next heartbeat meets an empty directory and the peer registers again; a peer whose heartbeat failed
        // while the Maestro was down may first wait out its retry delay (at most one interval), hence two intervals.
        var heartbeat = 2 * TimeSpan.FromSeconds(AppHostFixture.HeartbeatSeconds);
        var after = await Eventually.ReturnsAsync(
            async ct => await _maestro.GetFromJsonAsync<List<PeerSummary>>("/peers", P2P.Contracts.SnakeCaseJson.Options, ct) ?? [],
            peers => peers.Select(p => p.Id).SequenceEqual(before), heartbeat + s_registrationLatency, $"peers {string.Join(",", before)} back");

        TestContext.Current.TestOutputHelper?.WriteLine(
            $"Maestro whole again {clock.ElapsedMilliseconds} ms after it first answered (heartbeat {heartbeat.TotalSeconds} s)");
        Assert.Equal(before.Count, after.Count);
        Assert.Equal(beforeStatus.Files, (await _maestro.GetJsonAsync<MaestroStatus>("/")).Files);
        var located = await _maestro.GetJsonAsync<LocateResponse>($"/locate?file={SampleFiles.Shared}");
        Assert.Equal(["P1", "P2"], located.Peers.Select(p => p.Id));
    }
}
