using System.Security.Cryptography;
using System.Text.Json;
using P2P.Cli;
using P2P.Cli.Get;
using P2P.Contracts;
using P2P.Contracts.Files;
using P2P.Contracts.Maestro;
using P2P.Contracts.Peers;
using P2P.Contracts.Security;

namespace P2P.Tests.Integration;

/// <summary>The <c>p2p</c> command line run in-process against the running AppHost.</summary>
[Collection(SharedNetwork.Name)]
public sealed class CliTests(AppHostFixture network) : IDisposable
{
    private static readonly TimeSpan s_within = TimeSpan.FromSeconds(60);
    private readonly TempFolder _temp = new();
    private readonly string _maestro = network.Endpoint("maestro", "http").ToString();

    [Fact]
    public async Task Locate_names_the_peers_that_hold_a_file()
    {
        var run = await RunAsync("locate", SampleFiles.Shared);

        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        Assert.Contains("P1", run.Out);
        Assert.Contains("P2", run.Out);
        Assert.DoesNotContain("P3", run.Out);
        Assert.Contains(SampleFiles.Sha256(SampleFiles.SharedContent), run.Out);
    }

    [Fact]
    public async Task Locate_via_a_peer_in_friends_mode_shows_the_hop_path()
    {
        var run = await RunAsync("locate", SampleFiles.OnlyP3, "--via", "P1", "--mode", "friends", "--json");

        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        var found = JsonSerializer.Deserialize<PeerLocateResponse>(run.Out, SnakeCaseJson.Options)!;
        Assert.Equal("friends", found.FoundBy);
        Assert.Equal("P3", Assert.Single(found.Peers).Id);
        Assert.Equal("P1", found.Path[0]);
        Assert.Equal("P3", found.Path[^1]);
    }

    [Fact]
    public async Task Peers_status_and_ls_answer_in_json()
    {
        var peers = JsonSerializer.Deserialize<List<PeerSummary>>((await RunAsync("peers", "--json")).Out, SnakeCaseJson.Options)!;
        var status = JsonDocument.Parse((await RunAsync("status", "--json")).Out).RootElement;
        var files = JsonDocument.Parse((await RunAsync("ls", "P3", "--json")).Out).RootElement;
        var all = await RunAsync("ls");

        Assert.Equal(["P1", "P2", "P3"], peers.Select(p => p.Id).Order());
        Assert.Equal(3, status.GetProperty("status").GetProperty("peers").GetInt32());
        Assert.Contains(files.EnumerateArray(), f => f.GetProperty("name").GetString() == SampleFiles.OnlyP3);
        Assert.True(all.ExitCode == ExitCodes.Success, all.ToString());
        Assert.Contains(all.Out.Split('\n'), line => line.Contains(SampleFiles.Shared) && line.Contains("P1, P2"));
    }

    [Fact]
    public async Task Get_writes_the_file_with_the_hash_the_Maestro_lists()
    {
        var (name, sha) = await network.ShareRandomFileAsync(3 * 1024 * 1024 + 17, "peer2", "peer3");
        var listed = await network.Client("maestro").GetJsonAsync<LocateResponse>(MaestroRoutes.LocateFile(name));

        var run = await RunAsync("get", name, "--to", _temp.Path);

        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        Assert.All(listed.Peers, p => Assert.Equal(sha, p.Sha256));
        Assert.Equal(sha, NetworkFiles.Sha256Of(Path.Combine(_temp.Path, name)));
        Assert.Contains($"sha256 {sha} verified", run.Out);
        Assert.False(Directory.Exists(Path.Combine(_temp.Path, FolderTarget.PartialFolderName)));

        var again = await RunAsync("get", name, "--to", _temp.Path);
        Assert.True(again.ExitCode == ExitCodes.Success, again.ToString());
        Assert.Contains("already there", again.Out);
    }

    [Fact]
    public async Task Get_run_again_after_an_interruption_resumes_from_the_verified_chunks()
    {
        var bytes = RandomNumberGenerator.GetBytes(6 * 1024 * 1024);
        var name = await network.ShareAsync(bytes, "peer1");
        // A source that sends two chunks, then holds every request: the first run stops part way, always.
        await using var stalling = new FakeSourcePeer(name, bytes) { Member = TestMembers.Holding(network.NetworkKey), HoldAfter = 2 };
        await stalling.StartAsync(TestContext.Current.CancellationToken);
        using var interrupt = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        var progress = new CapturedWriter();

        var first = RunAsync(
            ["get", name, "--to", _temp.Path, "--source", stalling.Url], progress, interrupt.Token);
        await Eventually.ReturnsAsync(
            _ => Task.FromResult(progress.ToString()), text => text.Contains("2.0 MiB of 6.0 MiB"), s_within, "two chunks shown as done");
        await interrupt.CancelAsync();
        var interrupted = await first.WaitAsync(s_within, TestContext.Current.CancellationToken);

        Assert.True(interrupted.ExitCode == ExitCodes.Cancelled, interrupted.ToString());
        Assert.Contains("run the same command again to resume", interrupted.Err);
        Assert.False(File.Exists(Path.Combine(_temp.Path, name)));

        var resumed = await RunAsync("get", name, "--to", _temp.Path, "--json");

        Assert.True(resumed.ExitCode == ExitCodes.Success, resumed.ToString());
        var report = JsonSerializer.Deserialize<GetReport>(resumed.Out, SnakeCaseJson.Options)!;
        Assert.True(report.BytesResumed >= 2 * 1024 * 1024, $"resumed {report.BytesResumed} bytes");
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes)), report.Sha256);
        Assert.Equal(report.Sha256, NetworkFiles.Sha256Of(Path.Combine(_temp.Path, name)));
    }

    [Fact]
    public async Task A_file_nobody_has_exits_non_zero_with_a_clear_message()
    {
        var run = await RunAsync("get", "no-such-file.bin", "--to", _temp.Path);

        Assert.True(run.ExitCode == ExitCodes.NotFound, run.ToString());
        Assert.Contains("no-such-file.bin", run.Err);
        Assert.Single(run.Err.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Empty(Directory.EnumerateFileSystemEntries(_temp.Path));
    }

    [Fact]
    public async Task An_unreachable_Maestro_exits_non_zero_with_a_clear_message()
    {
        var run = await CliRunner.RunAsync("locate", SampleFiles.Shared, "--maestro", "http://127.0.0.1:1");

        Assert.True(run.ExitCode == ExitCodes.Unreachable, run.ToString());
        Assert.StartsWith("p2p: Cannot reach the Maestro at http://127.0.0.1:1", run.Err);
        Assert.DoesNotContain("   at ", run.Err);
    }

    [Fact]
    public async Task Put_uploads_a_file_the_peer_then_shares()
    {
        var local = Path.Combine(_temp.Path, $"put-{Guid.NewGuid():N}.bin");
        var bytes = RandomNumberGenerator.GetBytes(1024 * 1024 + 5);
        await File.WriteAllBytesAsync(local, bytes, TestContext.Current.CancellationToken);

        // The key from the environment, as a script would give it.
        var run = await RunAsync(["put", local, "--peer", "P2", "--json"], new CapturedWriter(), TestContext.Current.CancellationToken);

        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        var sha = Convert.ToHexStringLower(SHA256.HashData(bytes));
        Assert.Equal(sha, JsonDocument.Parse(run.Out).RootElement.GetProperty("sha256").GetString());
        Assert.Equal(sha, NetworkFiles.Sha256Of(Path.Combine(network.SharedDir("peer2"), Path.GetFileName(local))));
        await network.WaitUntilLocatableAsync(Path.GetFileName(local), ["P2"]);
    }

    [Fact]
    public async Task Put_with_a_wrong_key_or_none_is_refused_and_nothing_is_shared()
    {
        var local = Path.Combine(_temp.Path, $"put-{Guid.NewGuid():N}.bin");
        await File.WriteAllBytesAsync(local, RandomNumberGenerator.GetBytes(64 * 1024), TestContext.Current.CancellationToken);

        var keyFile = Path.Combine(_temp.Path, $"wrong-{Guid.NewGuid():N}.key");
        await File.WriteAllTextAsync(keyFile, "not-the-network-key-at-all\n", TestContext.Current.CancellationToken);
        var wrong = await RunAsync("put", local, "--peer", "P2", "--key-file", keyFile);
        var none = await CliRunner.RunAsync("put", local, "--peer", "P2", "--maestro", _maestro);

        Assert.True(wrong.ExitCode == ExitCodes.Unauthenticated, wrong.ToString());
        Assert.Contains("Check the network key", wrong.Err);
        Assert.DoesNotContain("not-the-network-key-at-all", wrong.Err);
        Assert.True(none.ExitCode == ExitCodes.Unauthenticated, none.ToString());
        Assert.Contains("--key-file", none.Err);
        Assert.False(File.Exists(Path.Combine(network.SharedDir("peer2"), Path.GetFileName(local))));
    }

    [Fact]
    public async Task Get_asks_for_several_chunks_per_request_and_a_corrupt_chunk_loses_only_the_rest_of_what_was_asked()
    {
        const int chunk = ChunkLayout.ChunkSize;
        var bytes = RandomNumberGenerator.GetBytes(40 * chunk + 123);
        var name = await network.ShareAsync(bytes, "peer1");
        // Messages that straddle chunks; the second chunk is corrupt, and the call then waits for the downloader to give up on it.
        await using var corrupt = new FakeSourcePeer(name, bytes)
        {
            Member = TestMembers.Holding(network.NetworkKey), Corrupts = c => c == 1, MessageBytes = 300_000, HoldAfterCorrupt = true,
        };
        await corrupt.StartAsync(TestContext.Current.CancellationToken);
        using var interrupt = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);

        var progress = new CapturedWriter();
        var first = RunAsync(
            ["get", name, "--to", _temp.Path, "--source", corrupt.Url], progress, interrupt.Token);
        var ended = await Task.WhenAny(corrupt.CorruptCallAbandoned.Task, first, Task.Delay(s_within, TestContext.Current.CancellationToken));
        Assert.True(ended == corrupt.CorruptCallAbandoned.Task,
            $"the download did not give up on the corrupt chunk's call; requests: {string.Join(", ", corrupt.Requests)}; " +
            $"the run: {(ended == first ? (await first).ToString() : "still going")}; progress: {progress}");
        await interrupt.CancelAsync();
        var interrupted = await first.WaitAsync(s_within, TestContext.Current.CancellationToken);

        Assert.True(interrupted.ExitCode == ExitCodes.Cancelled, interrupted.ToString());
        var (_, length) = Assert.Single(corrupt.Requests, r => r.Offset == 0);
        Assert.True(length > chunk, $"the request for chunk 0 asked for {length} bytes: one chunk per request");

        var resumed = await RunAsync("get", name, "--to", _temp.Path, "--json");

        Assert.True(resumed.ExitCode == ExitCodes.Success, resumed.ToString());
        var report = JsonSerializer.Deserialize<GetReport>(resumed.Out, SnakeCaseJson.Options)!;
        // Chunk 0 came in the same request as the corrupt chunk 1, and was kept.
        Assert.True(report.BytesResumed >= chunk, $"resumed {report.BytesResumed} bytes");
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes)), report.Sha256);
        Assert.Equal(report.Sha256, NetworkFiles.Sha256Of(Path.Combine(_temp.Path, name)));
    }

    [Fact]
    public async Task Get_from_a_single_source_that_lies_fails_with_why_after_looking_again_and_writes_nothing()
    {
        var bytes = RandomNumberGenerator.GetBytes(2 * ChunkLayout.ChunkSize);
        var name = await network.ShareAsync(bytes, "peer1");
        await using var liar = new FakeSourcePeer(name, bytes) { Member = TestMembers.Holding(network.NetworkKey), Corrupts = _ => true };
        await liar.StartAsync(TestContext.Current.CancellationToken);

        // Dropped at its first chunk, the liar is found again in every later round of discovery and never asked again.
        var get = await RunAsync("get", name, "--to", _temp.Path, "--source", liar.Url);

        Assert.True(get.ExitCode == ExitCodes.Failed, get.ToString());
        Assert.Contains("No source could provide", get.Err);
        Assert.Contains("dropped", get.Err);
        Assert.False(File.Exists(Path.Combine(_temp.Path, name)));
    }

    public void Dispose() => _temp.Dispose();

    /// <summary>Runs <c>p2p</c> against this app as a member would: the network key from the environment.</summary>
    private Task<CliRun> RunAsync(params string[] args) => RunAsync(args, new CapturedWriter(), TestContext.Current.CancellationToken);

    private Task<CliRun> RunAsync(string[] args, CapturedWriter output, CancellationToken cancellationToken) =>
        CliRunner.RunAsync(
            [.. args, "--maestro", _maestro], output, cancellationToken, name => name == NetworkKey.EnvironmentVariable ? network.NetworkKey : null);
}
