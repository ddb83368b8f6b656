using System.Net;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using P2P.Connections;
using P2P.Contracts.Maestro;
using P2P.Contracts.Peers;
using P2P.Peer.Discovery;
using P2P.Peer.Swarm;
using P2P.Transfer.Sources;
using P2P.Transfer.Swarm;

namespace P2P.Tests.Unit;

/// <summary>
/// Issue 28 item 4, the downloader's side: the sources of a download are the complete and partial holders the Maestro
/// (else the friends) names and the peers watching the version here, one address per peer, never this peer.
/// </summary>
public sealed class Issue28Item4SourceFinderTests : IDisposable
{
    private const string Fingerprint = "ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff";
    private static readonly string s_sha = MaestroAnswerTests.Sha;
    private static readonly string s_other = new('b', 64);

    private readonly TransferTestPeer _peer = new("P1");
    private readonly DiscoveryKit _kit;
    private readonly Dictionary<string, Func<HttpResponseMessage>> _answers = [];
    private readonly CannedHandler _network;
    private readonly CancellationToken _token = TestContext.Current.CancellationToken;

    public Issue28Item4SourceFinderTests()
    {
        _peer.Options.FriendPeerPrimary = "http://p2";
        _kit = new DiscoveryKit(_peer);
        _network = new CannedHandler(request => _answers.TryGetValue(request.RequestUri!.Host, out var answer)
            ? answer()
            : new HttpResponseMessage(HttpStatusCode.NotFound));
    }

    [Fact]
    public async Task Item4_complete_then_partial_holders_then_watchers_one_per_peer_and_never_this_one()
    {
        _answers["maestro.test"] = () => CannedHandler.Json($$"""
            {"file":"a.txt","peers":[{{Location("P1", s_sha)}},{{Location("P3", s_sha, left: 5)}},
            {{Location("P2", s_other, left: 9)}},{{Location("P2", s_sha)}}]}
            """);
        var watching = new Watching(
            new SourceAddress("P4", "https://p4:50051", Fingerprint, s_sha), new SourceAddress("P3", "https://p3:50051", Fingerprint, s_sha),
            new SourceAddress("P1", "https://p1:50051", Fingerprint, s_sha));

        var sources = await Finder(watching).FindAsync("a.txt", s_sha, null, _token);

        Assert.Equal(["P2", "P3", "P4"], sources.Select(s => s.Id));
        Assert.Equal([false, true, true], sources.Select(s => s.Partial));
        Assert.Equal(s_sha, sources[0].Sha256);
        Assert.Equal("https://p3:50053", sources[1].GrpcUrl);
        Assert.Equal([s_sha], watching.Asked);
    }

    [Fact]
    public async Task Item4_with_swarming_off_the_sources_are_the_complete_holders_only_as_before()
    {
        _answers["maestro.test"] = () => CannedHandler.Json($$"""{"file":"a.txt","peers":[{{Location("P3", s_sha, left: 5)}},{{Location("P2", s_sha)}}]}""");
        var watching = new Watching(new SourceAddress("P4", "https://p4:50051", Fingerprint, s_sha));

        var sources = await Finder(watching, swarming: false).FindAsync("a.txt", s_sha, null, _token);

        Assert.Equal(["P2"], sources.Select(s => s.Id));
        Assert.Empty(watching.Asked);
    }

    [Fact]
    public async Task Item4_without_a_chosen_version_no_watcher_is_asked_and_explicit_sources_stay_as_given()
    {
        _answers["maestro.test"] = () => CannedHandler.Json($$"""{"file":"a.txt","peers":[{{Location("P3", s_sha, left: 5)}}]}""");
        var watching = new Watching(new SourceAddress("P4", "https://p4:50051", Fingerprint, s_sha));

        Assert.Equal(["P3"], (await Finder(watching).FindAsync("a.txt", null, null, _token)).Select(s => s.Id));
        Assert.Equal(["https://p9:50051"], (await Finder(watching).FindAsync("a.txt", s_sha, ["https://p9:50051"], _token)).Select(s => s.Id));
        Assert.Empty(watching.Asked);
    }

    [Fact]
    public async Task Item4_with_the_Maestro_down_a_friend_s_partial_holder_is_a_partial_source()
    {
        _answers["maestro.test"] = () => new HttpResponseMessage(HttpStatusCode.ServiceUnavailable);
        _answers["p2"] = () => CannedHandler.Json($$"""
            {"outcome":"found","peers":[{{Location("P2", s_sha, left: 7)}}],"path":["P1","P2"],"hops":[{"peer":"P2","trace_id":"","outcome":"found"}]}
            """);

        var source = Assert.Single(await Finder(null).FindAsync("a.txt", s_sha, null, _token));

        Assert.Equal(("P2", true), (source.Id, source.Partial));
    }

    [Fact]
    public async Task Item4_a_friend_answers_found_for_a_version_it_is_still_downloading_marked_partial_with_left()
    {
        _kit.Partials.Set(this, new PartialAnnounce("a.txt", 10, s_sha, 4, AnnounceEvent.Progress));

        var answer = await _kit.Handler(FriendClient()).HandleAsync(new FriendQuery("q1", "a.txt", 2, ["P0"]), _token);

        Assert.Equal(QueryOutcome.Found, answer.Outcome);
        var location = Assert.Single(answer.Peers);
        Assert.Equal(("P1", true, 4L, s_sha), (location.Id, location.Partial, location.Left, location.Sha256));
        Assert.Null(location.Validate());
        Assert.Empty(_network.Requests);

        _kit.Partials.Remove(this);
        Assert.NotEqual(QueryOutcome.Found, (await _kit.Handler(FriendClient()).HandleAsync(new FriendQuery("q2", "a.txt", 0, ["P0"]), _token)).Outcome);
    }

    [Fact]
    public void Item4_a_peer_listed_twice_keeps_its_address_for_the_chosen_version_and_a_complete_copy_over_a_partial_one()
    {
        SourceAddress At(string id, string sha, bool partial) => new(id, $"https://{id.ToLowerInvariant()}:{(partial ? 1 : 2)}", Fingerprint, sha, partial);

        var merged = SourceFinder.Merge(
            [At("P5", s_sha, true), At("P2", s_other, false), At("P2", s_sha, true), At("P3", s_sha, true), At("P3", s_sha, false)], s_sha);

        Assert.Equal(["P3", "P5", "P2"], merged.Select(s => s.Id));
        Assert.Equal([false, true, true], merged.Select(s => s.Partial));
        Assert.Equal(s_sha, merged[2].Sha256);
    }

    public void Dispose()
    {
        _kit.Dispose();
        _peer.Dispose();
    }

    private static string Location(string id, string sha, long? left = null)
    {
        var host = id.ToLowerInvariant();
        var partial = left is { } l ? $",\"partial\":true,\"left\":{l}" : "";
        return $$"""{"id":"{{id}}","rest_url":"http://{{host}}:8002","grpc_url":"https://{{host}}:50053","size":10"""
            + $$""","sha256":"{{sha}}","fingerprint":"{{Fingerprint}}"{{partial}}}""";
    }

    private FriendClient FriendClient() =>
        new(new PeerChannels(TestMembers.Holding(), TimeProvider.System, createHandler: () => _network), NullLogger<FriendClient>.Instance);

    private SourceFinder Finder(IWatchingPeers? watching, bool swarming = true) =>
        new(_kit.Locator(FriendClient(), MaestroAnswerTests.Client(_network)), _kit.Handler(FriendClient()), Options.Create(_peer.Options),
            Options.Create(new SwarmOptions { Swarming = swarming }), watching);

    private sealed class Watching(params SourceAddress[] watchers) : IWatchingPeers
    {
        public List<string> Asked { get; } = [];

        public IReadOnlyList<SourceAddress> Of(string sha256)
        {
            Asked.Add(sha256);
            return watchers;
        }
    }
}
