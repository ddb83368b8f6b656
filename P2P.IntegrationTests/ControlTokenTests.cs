using System.Net;
using System.Security.Cryptography;
using P2P.Contracts.Files;
using P2P.Contracts.Maestro;
using P2P.Contracts.Peers;
using P2P.Hosting.Security;
using P2P.Peer.Downloads;
using P2P.Peer.Registration;

namespace P2P.Tests.Integration;

/// <summary>
/// The control API: only the node's operator, with its control token, starts or cancels downloads, rescans, pauses
/// heartbeats or empties the directory.
/// </summary>
[Collection(SharedNetwork.Name)]
public sealed class ControlTokenTests(AppHostFixture network)
{
    private const string WrongToken = ControlRequests.WrongToken;
    private readonly HttpClient _maestro = network.Client("maestro");
    private readonly HttpClient _peer1 = network.Client("peer1");
    private readonly CancellationToken _token = TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_download_with_sources_of_the_callers_choosing_is_refused_without_the_control_token_and_never_starts()
    {
        // The attack: anyone who reaches a peer's REST port makes it call a URL of their choosing.
        var attack = new { file = "innocent.txt", sources = new[] { "https://127.0.0.1:1" } };

        using var noToken = await ControlAsync(HttpMethod.Post, "/downloads", token: null, attack);
        using var wrongToken = await ControlAsync(HttpMethod.Post, "/downloads", WrongToken, attack);
        using var theKey = await ControlAsync(HttpMethod.Post, "/downloads", network.NetworkKey, attack);
        using var invalid = await ControlAsync(HttpMethod.Post, "/downloads", token: null, new { file = "../../etc/passwd" });

        await AssertRefusedAsync(noToken, ControlTokenAuthentication.MissingTokenDetail);
        await AssertRefusedAsync(wrongToken, ControlTokenAuthentication.WrongTokenDetail);
        await AssertRefusedAsync(theKey, ControlTokenAuthentication.WrongTokenDetail);
        await AssertRefusedAsync(invalid, ControlTokenAuthentication.MissingTokenDetail);
        var jobs = await _peer1.GetJsonAsync<List<DownloadStatus>>("/downloads");
        Assert.DoesNotContain(jobs, j => j.File is "innocent.txt" or "../../etc/passwd");
    }

    [Fact]
    public async Task Only_the_operator_starts_and_cancels_a_download()
    {
        var bytes = RandomNumberGenerator.GetBytes(2 * ChunkLayout.ChunkSize);
        await using var source = new FakeSourcePeer($"held-{Guid.NewGuid():N}.bin", bytes) { HoldAfter = 0, Member = TestMembers.Holding(network.NetworkKey) };
        await source.StartAsync(_token);
        using var operatorClient = network.ControlClient("peer1");

        var location = await operatorClient.StartAsync(new { file = source.FileName, sources = new[] { source.Url } });
        using var noToken = await ControlAsync(HttpMethod.Delete, location.ToString(), token: null);
        using var wrongToken = await ControlAsync(HttpMethod.Delete, location.ToString(), WrongToken);

        await AssertRefusedAsync(noToken, ControlTokenAuthentication.MissingTokenDetail);
        await AssertRefusedAsync(wrongToken, ControlTokenAuthentication.WrongTokenDetail);
        var running = await _peer1.GetJsonAsync<DownloadStatus>(location.ToString());
        Assert.True(
            running.State is DownloadState.Queued or DownloadState.Running, $"the refused cancels stopped the download: {running.State} {running.Error}");
        using var cancel = await operatorClient.DeleteAsync(location, _token);
        Assert.Equal(HttpStatusCode.Accepted, cancel.StatusCode);
        Assert.Equal(DownloadState.Cancelled, (await operatorClient.WaitUntilFinishedAsync(location, TimeSpan.FromSeconds(30))).State);
    }

    [Fact]
    public async Task Refresh_without_the_control_token_is_refused_and_rescans_nothing()
    {
        const string refusal = "Refused POST /refresh";
        const string scan = "Scanned the shared folder";

        using var noToken = await ControlAsync(HttpMethod.Post, PeerRoutes.Refresh, token: null, to: "peer3");
        using var wrongToken = await ControlAsync(HttpMethod.Post, PeerRoutes.Refresh, WrongToken, to: "peer3");

        await AssertRefusedAsync(noToken, ControlTokenAuthentication.MissingTokenDetail);
        await AssertRefusedAsync(wrongToken, ControlTokenAuthentication.WrongTokenDetail);
        // A rescan logs before its answer, so once both refusals are in the log, any scan they caused is there too.
        var logs = await Eventually.ReturnsAsync(ct => network.LogsOfAsync("peer3", ct), text => Occurrences(text, refusal) == 2,
            TimeSpan.FromSeconds(30), "peer3 logged both refusals");
        Assert.DoesNotContain(scan, logs[logs.IndexOf(refusal, StringComparison.Ordinal)..]);
        Assert.DoesNotContain(WrongToken, logs);
        using var operatorClient = network.ControlClient("peer3");
        using var refreshed = await operatorClient.PostAsync(PeerRoutes.Refresh, content: null, _token);
        Assert.True((await refreshed.ReadJsonAsync<RefreshResult>()).Registered);
    }

    [Fact]
    public async Task Pausing_heartbeats_and_forgetting_peers_without_the_control_token_are_refused_and_change_nothing()
    {
        using var pause = await ControlAsync(HttpMethod.Post, PeerRoutes.PauseHeartbeats, token: null, to: "peer3");
        using var resume = await ControlAsync(HttpMethod.Post, PeerRoutes.ResumeHeartbeats, WrongToken, to: "peer3");
        using var forget = await ControlAsync(HttpMethod.Delete, MaestroRoutes.Peers, network.NetworkKey, to: "maestro");

        await AssertRefusedAsync(pause, ControlTokenAuthentication.MissingTokenDetail);
        await AssertRefusedAsync(resume, ControlTokenAuthentication.WrongTokenDetail);
        await AssertRefusedAsync(forget, ControlTokenAuthentication.WrongTokenDetail);
        using var peer3 = network.Client("peer3");
        Assert.False((await peer3.GetJsonAsync<P2P.Peer.Status.PeerStatus>("/")).HeartbeatsPaused);
        var peers = await _maestro.GetJsonAsync<List<PeerSummary>>(MaestroRoutes.Peers);
        Assert.Superset(new HashSet<string> { "P1", "P2", "P3" }, peers.Select(p => p.Id).ToHashSet());
    }

    private static async Task AssertRefusedAsync(HttpResponseMessage response, string detail)
    {
        var problem = await response.AssertProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Equal(detail, problem.GetProperty("detail").GetString());
        Assert.Contains(ControlTokenAuthentication.SchemeName, response.Headers.WwwAuthenticate.ToString());
        Assert.DoesNotContain(WrongToken, problem.GetRawText());
    }

    private static int Occurrences(string text, string what) => text.Split(what).Length - 1;

    private Task<HttpResponseMessage> ControlAsync(HttpMethod method, string path, string? token, object? body = null, string to = "peer1") =>
        network.ControlAsync(method, path, token, _token, body, to);
}
