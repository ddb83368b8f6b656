using P2P.Cli;
using P2P.Cli.Files;

namespace P2P.Tests.Integration;

/// <summary>
/// The command line against a lying Maestro or peer: a refused answer is one line on stderr and exit 4 (as an
/// unreachable one), never a stack trace; a bad entry among good ones is left out with a warning.
/// </summary>
public sealed class CliAnswerTests
{
    private const string Sha = "a25c753cdc9963ec6c96c0c95280d5e1f71ce654673d849662d1580ab7b899d4";
    private const string Fingerprint = "ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff";
    private const string PeerP2 = """
        {"id":"P2","rest_url":"{{Url}}","grpc_url":"https://127.0.0.1:1","file_count":1,"last_seen":"2026-12-05T00:00:00Z",
        "fingerprint":"ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff"}
        """;

    private readonly CancellationToken _token = TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("null")]
    [InlineData("{}")]
    [InlineData("""{"file":"a.txt","peers":[""")]
    [InlineData("""{"file":"a.txt","peers":null}""")]
    [InlineData("""{"file":"../../etc/passwd","peers":[]}""")]
    public async Task Locate_with_a_Maestro_that_lies_exits_4_with_one_line(string lie)
    {
        var run = await RunAsync(new Dictionary<string, string> { ["/locate"] = lie }, "locate", "a.txt");

        AssertBadAnswer(run, "the Maestro");
    }

    [Fact]
    public async Task An_answer_that_is_not_JSON_by_its_content_type_exits_4()
    {
        await using var maestro = await LyingHttpServer.StartAsync(new Dictionary<string, string> { ["/"] = "<html>hello</html>" }, _token, "text/html");

        var run = await CliRunner.RunAsync("status", "--maestro", maestro.Url);

        AssertBadAnswer(run, "not JSON");
    }

    [Theory]
    [InlineData("status", """{"service":"maestro","peers":-1,"files":0,"copies":0,"uptime_seconds":1,"started_at":"2026-12-05T00:00:00Z"}""")]
    [InlineData("peers", "null")]
    [InlineData("peers", "{}")]
    [InlineData("ls", """[{"id":"P2","rest_url":"javascript:alert(1)"}]""")]
    public async Task Every_command_that_reads_the_Maestro_exits_4_on_a_lie(string command, string lie)
    {
        var run = await RunAsync(new Dictionary<string, string> { ["/"] = lie }, command);

        AssertBadAnswer(run, "the Maestro");
    }

    [Fact]
    public async Task A_bad_location_among_good_ones_is_left_out_with_a_warning()
    {
        var bad = $$"""{"id":"P9","rest_url":"http://h","grpc_url":"file:///etc/passwd","size":1,"sha256":"{{Sha}}","fingerprint":"{{Fingerprint}}"}""";
        var good = $$"""{"id":"P2","rest_url":"http://h","grpc_url":"https://h:50052","size":1,"sha256":"{{Sha}}","fingerprint":"{{Fingerprint}}"}""";

        var run = await RunAsync(new Dictionary<string, string> { ["/locate"] = $$"""{"file":"a.txt","peers":[{{bad}},null,{{good}}]}""" }, "locate", "a.txt");

        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        Assert.Contains("https://h:50052", run.Out);
        Assert.DoesNotContain("passwd", run.Out + run.Err);
        Assert.Equal(2, run.Err.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
    }

    [Fact]
    public async Task A_peer_file_listing_leaves_out_path_like_names()
    {
        var listing = $$"""[{"name":"../../etc/passwd","size":1,"sha256":"{{Sha}}"},{"name":"ok.txt","size":1,"sha256":"{{Sha}}"}]""";

        var run = await RunAsync(new Dictionary<string, string> { ["/peers/"] = PeerP2, ["/files"] = listing }, "ls", "P2");

        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        Assert.Contains("ok.txt", run.Out);
        Assert.DoesNotContain("passwd", run.Out);
        Assert.Contains("path separator", run.Err);
    }

    [Fact]
    public async Task Locate_via_a_peer_that_lies_exits_4_naming_the_peer()
    {
        var run = await RunAsync(new Dictionary<string, string> { ["/peers/"] = PeerP2, ["/locate"] = "null" }, "locate", "a.txt", "--via", "P2");

        AssertBadAnswer(run, "peer P2");
    }

    [Fact]
    public async Task Item8_ls_asks_at_most_32_of_the_peers_a_lying_Maestro_lists_and_reads_at_most_4_MiB_of_each()
    {
        var peers = Enumerable.Range(1, 40).Select(i => PeerP2.Replace("\"P2\"", $"\"P{i}\"", StringComparison.Ordinal));
        var entry = $$"""{"name":"f.txt","size":1,"sha256":"{{Sha}}"}""";
        var listing = $"[{string.Join(',', Enumerable.Repeat(entry, (LsCommand.MaxListingBytesEach / entry.Length) + 1))}]";
        await using var server = await LyingHttpServer.StartAsync(
            new Dictionary<string, string> { ["/peers"] = $"[{string.Join(',', peers)}]", ["/files"] = listing }, _token);

        var run = await CliRunner.RunAsync("ls", "--maestro", server.Url);

        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        Assert.Equal(LsCommand.MaxPeersAsked, server.Paths.Count(p => p == "/files"));
        Assert.Contains($"the first {LsCommand.MaxPeersAsked} of 40 peers", run.Err);
        Assert.Equal(LsCommand.MaxPeersAsked, run.Err.Split('\n').Count(l => l.Contains("longer than", StringComparison.Ordinal)));
        Assert.Contains("No shared files.", run.Out);
    }

    private async Task<CliRun> RunAsync(IReadOnlyDictionary<string, string> bodies, params string[] args)
    {
        await using var server = await LyingHttpServer.StartAsync(bodies, _token);
        return await CliRunner.RunAsync([.. args, "--maestro", server.Url]);
    }

    private static void AssertBadAnswer(CliRun run, string expected)
    {
        Assert.True(run.ExitCode == ExitCodes.Unreachable, run.ToString());
        Assert.StartsWith("p2p: Bad answer from ", run.Err);
        Assert.Contains(expected, run.Err);
        Assert.Single(run.Err.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.DoesNotContain("   at ", run.Err);
        Assert.Empty(run.Out);
    }
}
