using System.Net;
using P2P.Contracts.Maestro;
using P2P.Peer.Downloads;
using P2P.Peer.Files;

namespace P2P.Tests.Integration;

/// <summary>Real transfers between the running peers: verified, multi-source, published and registered.</summary>
[Collection(SharedNetwork.Name)]
public sealed class TransferTests(AppHostFixture network)
{
    private static readonly TimeSpan s_within = TimeSpan.FromSeconds(60);
    private readonly HttpClient _maestro = network.Client("maestro");
    private readonly HttpClient _peer1 = network.ControlClient("peer1");

    [Fact]
    public async Task A_download_from_one_source_arrives_verified_and_makes_the_peer_a_source()
    {
        var (name, sha) = await network.ShareRandomFileAsync(5 * 1024 * 1024 + 123, "peer3");

        var location = await _peer1.StartAsync(new { file = name });
        var status = await _peer1.WaitUntilFinishedAsync(location, s_within);

        Assert.True(status.State == DownloadState.Completed, $"{status.State}: {status.Error}");
        Assert.Equal(sha, status.Sha256);
        Assert.Equal(status.BytesTotal, status.BytesDone);
        Assert.Equal(sha, NetworkFiles.Sha256Of(Path.Combine(network.SharedDir("peer1"), name)));
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(network.SharedDir("peer1"), SharedFolder.StateFolderName, "staging"), $"*{sha}*"));
        await Eventually.ReturnsAsync(
            ct => _maestro.GetJsonAsync<LocateResponse>($"/locate?file={name}"), l => l.Peers.Any(p => p.Id == "P1"), s_within, "P1 listed as a source");
    }

    [Fact]
    public async Task A_download_takes_chunks_from_every_source_that_has_the_same_version()
    {
        // A source that serves its first download (JIT, a new connection) can take longer than a warm one needs for every
        // chunk, which then wins the endgame for all of them: warm both up first.
        foreach (var source in new[] { "peer2", "peer3" })
        {
            var (warm, _) = await network.ShareRandomFileAsync(64 * 1024, source);
            Assert.Equal(DownloadState.Completed, (await _peer1.WaitUntilFinishedAsync(await _peer1.StartAsync(new { file = warm }), s_within)).State);
        }
        var (name, sha) = await network.ShareRandomFileAsync(16 * 1024 * 1024, "peer2", "peer3");

        var status = await _peer1.WaitUntilFinishedAsync(await _peer1.StartAsync(new { file = name }), s_within);

        Assert.True(status.State == DownloadState.Completed, $"{status.State}: {status.Error}");
        Assert.Equal(sha, NetworkFiles.Sha256Of(Path.Combine(network.SharedDir("peer1"), name)));
        Assert.Equal(["P2", "P3"], status.Sources.Select(s => s.Id).Order());
        Assert.All(status.Sources, s => Assert.True(s.Chunks > 0, $"{s.Id} delivered no chunk"));
        Assert.True(status.Sources.Sum(s => s.Bytes) >= status.BytesTotal);
    }

    [Fact]
    public async Task A_file_nobody_has_fails_with_a_clear_error()
    {
        var status = await _peer1.WaitUntilFinishedAsync(await _peer1.StartAsync(new { file = "nobody-has-this.bin" }), s_within);

        Assert.Equal(DownloadState.Failed, status.State);
        Assert.Contains("nobody-has-this.bin", status.Error);
    }

    [Theory]
    [InlineData("""{"file": "../../etc/passwd"}""")]
    [InlineData("""{"file": ""}""")]
    [InlineData("""{}""")]
    [InlineData("""{"file": "a.txt", "sha256": "XYZ"}""")]
    [InlineData("""{"file": "a.txt", "sources": ["not a url"]}""")]
    [InlineData("""{"file": 42}""")]
    [InlineData("""not json""")]
    public async Task A_bad_download_request_is_a_400_problem(string body)
    {
        using var response = await _peer1.PostAsync(
            "/downloads", new StringContent(body, System.Text.Encoding.UTF8, "application/json"), TestContext.Current.CancellationToken);

        await response.AssertProblemAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Unknown_downloads_are_404_problems()
    {
        using var get = await _peer1.GetAsync("/downloads/nope", TestContext.Current.CancellationToken);
        using var delete = await _peer1.DeleteAsync("/downloads/nope", TestContext.Current.CancellationToken);

        await get.AssertProblemAsync(HttpStatusCode.NotFound);
        await delete.AssertProblemAsync(HttpStatusCode.NotFound);
    }
}
