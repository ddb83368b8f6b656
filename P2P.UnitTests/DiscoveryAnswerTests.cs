using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using P2P.Connections;
using P2P.Peer.Discovery;

namespace P2P.Tests.Unit;

/// <summary>
/// Lookups from P1 (primary friend P2, backup P3) when the friends or the Maestro lie: a lying party counts as an
/// unreachable one, so the next is asked, and the answer is never an exception.
/// </summary>
public sealed class DiscoveryAnswerTests : IDisposable
{
    private const string Location3 = """
        {"id":"P3","rest_url":"http://p3:8002","grpc_url":"https://p3:50053","size":51,"sha256":"{{Sha}}",
        "fingerprint":"ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff"}
        """;
    private const string FoundAtP3 = """{"outcome":"found","peers":[{{Location}}],"path":["P1","P3"],"hops":[{"peer":"P3","trace_id":"","outcome":"found"}]}""";
    private const string NotFound = """{"outcome":"not_found","peers":[],"path":["P1","P2"],"hops":[{"peer":"P2","trace_id":"","outcome":"not_found"}]}""";
    private const string MaestroFound = """{"file":"a.txt","peers":[{{Location}}]}""";

    private readonly TransferTestPeer _peer = new("P1");
    private readonly DiscoveryKit _kit;
    private readonly Dictionary<string, Func<HttpResponseMessage>> _answers = [];
    private readonly CannedHandler _network;
    private readonly CancellationToken _token = TestContext.Current.CancellationToken;

    public DiscoveryAnswerTests()
    {
        _peer.Options.FriendPeerPrimary = "http://p2";
        _peer.Options.FriendPeerBackup = "http://p3";
        _kit = new DiscoveryKit(_peer);
        _network = new CannedHandler(request => _answers.TryGetValue(request.RequestUri!.Host, out var answer)
            ? answer()
            : new HttpResponseMessage(HttpStatusCode.NotFound));
    }

    public static TheoryData<string> Lies { get; } = new()
    {
        "null",
        "{}",
        """{"outcome":"found","peers":[""",
        """{"outcome":"found","peers":null,"path":["P1","P2"],"hops":[]}""",
        """{"outcome":"found","peers":[],"path":["P1","P2"],"hops":null}""",
        """{"outcome":"pwned","peers":[],"path":["P1","P2"],"hops":[]}""",
        """{"outcome":"not_found","peers":[],"path":["P1","../../etc/passwd"],"hops":[]}""",
        """{"outcome":"not_found","peers":[],"path":[null],"hops":[]}""",
        """
        {"outcome":"found","peers":[{"id":"P2","rest_url":"http://p2","grpc_url":"javascript:alert(1)","size":1,"sha256":"{{Sha}}",
        "fingerprint":"ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff"}],"path":["P1","P2"],"hops":[]}
        """,
        """{"outcome":"found","peers":[null],"path":["P1","P2"],"hops":[null]}""",
    };

    [Theory]
    [MemberData(nameof(Lies))]
    public async Task Auto_mode_asks_the_backup_friend_when_the_primary_lies(string lie)
    {
        _answers["p2"] = () => CannedHandler.Json(Filled(lie));
        _answers["p3"] = () => CannedHandler.Json(Filled(FoundAtP3));

        var outcome = await Locator().LocateAsync("a.txt", LocateMode.Auto, _token);

        Assert.Equal("friends", outcome.Found?.FoundBy);
        Assert.Equal("https://p3:50053", Assert.Single(outcome.Found!.Peers).GrpcUrl);
        Assert.Contains("POST p3/discovery/query", _network.Requests);
    }

    [Fact]
    public async Task A_friends_answer_is_relayed_without_its_bad_locations()
    {
        var bad = Location3.Replace("https://p3:50053", "file:///etc/passwd").Replace("\"P3\"", "\"P9\"");
        _answers["p2"] = () => CannedHandler.Json(Filled(FoundAtP3.Replace("{{Location}}", bad + ",{{Location}}")));

        var outcome = await Locator().LocateAsync("a.txt", LocateMode.Friends, _token);

        Assert.Equal("P3", Assert.Single(outcome.Found!.Peers).Id);
        Assert.DoesNotContain("POST p3/discovery/query", _network.Requests);
    }

    [Theory]
    [MemberData(nameof(Lies))]
    public async Task Auto_mode_asks_the_Maestro_when_both_friends_lie(string lie)
    {
        _answers["p2"] = _answers["p3"] = () => CannedHandler.Json(Filled(lie));
        _answers["maestro.test"] = () => CannedHandler.Json(Filled(MaestroFound));

        var outcome = await Locator().LocateAsync("a.txt", LocateMode.Auto, _token);

        Assert.Equal("maestro", outcome.Found?.FoundBy);
    }

    [Theory]
    [MemberData(nameof(Lies))]
    public async Task When_every_party_lies_the_lookup_is_a_404_problem_not_a_500(string lie)
    {
        _answers["p2"] = _answers["p3"] = _answers["maestro.test"] = () => CannedHandler.Json(Filled(lie));

        var result = await LocateApi.LocateAsync("a.txt", "auto", Locator(), _token);

        var problem = Assert.IsType<ProblemHttpResult>(result.Result);
        Assert.Equal(StatusCodes.Status404NotFound, problem.StatusCode);
    }

    [Theory]
    [InlineData("null")]
    [InlineData("{}")]
    [InlineData("""
        {"file":"a.txt","peers":[{"id":"P3","rest_url":"http://p3","grpc_url":"file:///etc/passwd","size":1,"sha256":"{{Sha}}",
        "fingerprint":"ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff"}]}
        """)]
    public async Task A_download_takes_its_sources_from_the_friends_when_the_Maestro_lies(string lie)
    {
        _answers["maestro.test"] = () => CannedHandler.Json(Filled(lie));
        _answers["p2"] = () => CannedHandler.Json(Filled(FoundAtP3));

        var finder = new SourceFinder(Locator(), Friends(), Options.Create(_peer.Options), Options.Create(new P2P.Peer.Swarm.SwarmOptions()));
        var sources = await finder.FindAsync("a.txt", null, null, _token);

        Assert.Equal("https://p3:50053", Assert.Single(sources).GrpcUrl);
    }

    public void Dispose()
    {
        _kit.Dispose();
        _peer.Dispose();
    }

    private static string Filled(string json) => json.Replace("{{Location}}", Location3).Replace("{{Sha}}", MaestroAnswerTests.Sha);

    // The friend's answers come from the canned network, beneath where TLS and the membership proof would be.
    private FriendClient FriendClient() =>
        new(new PeerChannels(TestMembers.Holding(), TimeProvider.System, createHandler: () => _network), NullLogger<FriendClient>.Instance);

    private FriendQueryHandler Friends() => _kit.Handler(FriendClient());

    private FileLocator Locator() => _kit.Locator(FriendClient(), MaestroAnswerTests.Client(_network));
}
