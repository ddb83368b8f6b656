using System.Diagnostics;
using System.Net;
using Aspire.Hosting.ApplicationModel;
using P2P.Contracts.Peers;
using P2P.Peer.Discovery;

namespace P2P.Tests.Integration;

/// <summary>Discovery chains across the running peers: friends without the Maestro, backup friends, no loops, one trace.</summary>
[Collection(DevelopmentNetwork.Name)]
public sealed class DiscoveryTests(DevelopmentFixture network)
{
    private static readonly TimeSpan s_restart = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task With_the_maestro_stopped_friends_find_a_file_only_P3_has_in_one_trace()
    {
        await network.StopAsync("maestro", s_restart);
        try
        {
            var traceId = ActivityTraceId.CreateRandom().ToHexString();
            using var request = new HttpRequestMessage(HttpMethod.Get, $"/locate?file={SampleFiles.OnlyP3}&mode=friends");
            request.Headers.Add("traceparent", $"00-{traceId}-{ActivitySpanId.CreateRandom().ToHexString()}-01");

            using var response = await network.Client("peer1").SendAsync(request, TestContext.Current.CancellationToken);
            var answer = await response.ReadJsonAsync<PeerLocateResponse>();

            Assert.Equal("friends", answer.FoundBy);
            Assert.Equal("P3", Assert.Single(answer.Peers).Id);
            Assert.Equal(["P1", "P2", "P3"], answer.Path);
            Assert.Equal(traceId, answer.TraceId);
            // Every hop ran in its own process and reports the trace id it saw: the context crossed each call.
            Assert.Equal(["P1", "P2", "P3"], answer.Hops.Select(h => h.Peer));
            Assert.All(answer.Hops, h => Assert.Equal(traceId, h.TraceId));
        }
        finally
        {
            await network.StartWholeAsync("maestro", s_restart);
        }
    }

    [Fact]
    public async Task The_backup_friend_answers_when_the_primary_is_stopped()
    {
        await network.StopAsync("peer2", s_restart);
        try
        {
            var clock = Stopwatch.StartNew();
            var answer = await network.Client("peer1").GetJsonAsync<PeerLocateResponse>($"/locate?file={SampleFiles.OnlyP3}&mode=friends");

            Assert.Equal(["P1", "P3"], answer.Path);
            Assert.Contains(answer.Hops, h => h.Peer == network.TlsUrl("peer2") && h.Outcome == QueryOutcome.Unreachable);
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), $"the stopped primary cost {clock.Elapsed}");
        }
        finally
        {
            await network.StartWholeAsync("peer2", s_restart);
        }
    }

    [Fact]
    public async Task A_lookup_round_the_ring_is_handled_once_per_peer_and_a_missing_file_is_a_404_with_the_path()
    {
        var before = await CountersAsync();

        using var response = await network.Client("peer1").GetAsync("/locate?file=not-on-any-peer.bin&mode=friends", TestContext.Current.CancellationToken);
        var problem = await response.AssertProblemAsync(HttpStatusCode.NotFound);
        var after = await CountersAsync();

        var path = problem.GetProperty("path").EnumerateArray().Select(p => p.GetString()).ToList();
        Assert.Equal("P1", path[0]);
        Assert.Equal(path.Count, path.Distinct().Count());
        Assert.Matches("^[0-9a-f]{32}$", problem.GetProperty("trace_id").GetString());
        foreach (var peer in new[] { "peer2", "peer3" })
        {
            var handled = (after[peer].QueriesReceived - after[peer].DuplicatesRefused) - (before[peer].QueriesReceived - before[peer].DuplicatesRefused);
            Assert.True(handled == 1, $"{peer} handled the query {handled} times");
        }
        Assert.True(after["peer1"].DuplicatesRefused > before["peer1"].DuplicatesRefused, "the ring came back to P1 and was refused");
    }

    [Fact]
    public async Task Each_mode_looks_only_where_it_says()
    {
        var peer1 = network.Client("peer1");

        using var local = await peer1.GetAsync($"/locate?file={SampleFiles.OnlyP3}&mode=local", TestContext.Current.CancellationToken);
        var maestro = await peer1.GetJsonAsync<PeerLocateResponse>($"/locate?file={SampleFiles.OnlyP3}&mode=maestro");
        var auto = await peer1.GetJsonAsync<PeerLocateResponse>($"/locate?file={SampleFiles.OnlyP3}");
        var here = await peer1.GetJsonAsync<PeerLocateResponse>($"/locate?file={SampleFiles.OnlyP1}&mode=friends");
        using var invalid = await peer1.GetAsync($"/locate?file={SampleFiles.OnlyP3}&mode=everywhere", TestContext.Current.CancellationToken);

        await local.AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal("maestro", maestro.FoundBy);
        Assert.Equal(["P1", "maestro"], maestro.Path);
        Assert.Equal("friends", auto.FoundBy);
        Assert.Equal("local", here.FoundBy);
        Assert.Equal(["P1"], here.Path);
        await invalid.AssertProblemAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task A_forwarded_query_with_a_bad_body_is_a_400_problem()
    {
        using var member = network.MemberClient("peer2");
        using var response = await member.PostAsync("/discovery/query",
            new StringContent("""{"query_id": "", "file": "../x", "ttl": -1, "path": []}""", System.Text.Encoding.UTF8, "application/json"),
            TestContext.Current.CancellationToken);

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(["file", "query_id", "ttl"], problem.GetProperty("errors").EnumerateObject().Select(p => p.Name).Order());
    }

    private async Task<Dictionary<string, DiscoveryCounters>> CountersAsync()
    {
        var counters = new Dictionary<string, DiscoveryCounters>();
        foreach (var peer in AppHostFixture.PeerNames)
        {
            counters[peer] = await network.Client(peer).GetJsonAsync<DiscoveryCounters>("/discovery");
        }
        return counters;
    }
}
