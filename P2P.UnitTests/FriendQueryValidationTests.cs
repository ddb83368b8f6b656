using Microsoft.AspNetCore.Http.HttpResults;
using P2P.Contracts.Peers;
using P2P.Peer.Discovery;

namespace P2P.Tests.Unit;

/// <summary>What a peer accepts on <c>POST /discovery/query</c>: a friend's query is as untrusted as any answer.</summary>
public sealed class FriendQueryValidationTests : IDisposable
{
    private readonly TransferTestPeer _peer = new("P2");
    private readonly DiscoveryKit _kit;

    public FriendQueryValidationTests()
    {
        _kit = new DiscoveryKit(_peer);
    }

    public static TheoryData<FriendQuery, string> Hostile { get; } = new()
    {
        { new("", "a.txt", 3, ["P1"]), "query_id" },
        { new("q 1", "a.txt", 3, ["P1"]), "query_id" },
        { new("q1\n", "a.txt", 3, ["P1"]), "query_id" },
        { new("q1\u0000", "a.txt", 3, ["P1"]), "query_id" },
        { new(new string('q', 65), "a.txt", 3, ["P1"]), "query_id" },
        { new("q1", "a.txt", -1, ["P1"]), "ttl" },
        { new("q1", "a.txt", FriendQuery.MaxTtl + 1, ["P1"]), "ttl" },
        { new("q1", "a.txt", int.MaxValue, ["P1"]), "ttl" },
        { new("q1", "a.txt", 3, null!), "path" },
        { new("q1", "a.txt", 3, [.. Enumerable.Range(0, FriendQuery.MaxPath + 1).Select(i => $"P{i}")]), "path" },
        { new("q1", "a.txt", 3, ["P1", null!]), "path" },
        { new("q1", "a.txt", 3, ["P1\n"]), "path" },
        { new("q1", "a.txt", 3, ["../P1"]), "path" },
        { new("q1", "../../etc/passwd", 3, ["P1"]), "file" },
    };

    [Theory]
    [MemberData(nameof(Hostile))]
    public async Task A_hostile_query_is_refused_with_the_field_that_breaks_the_rules(FriendQuery query, string field)
    {
        var result = await LocateApi.QueryAsync(query, Handler(), TestContext.Current.CancellationToken);

        var problem = Assert.IsType<ValidationProblem>(result.Result);
        Assert.Contains(field, problem.ProblemDetails.Errors.Keys);
    }

    [Fact]
    public async Task A_query_within_the_rules_is_answered()
    {
        var query = new FriendQuery(
            Guid.NewGuid().ToString("N"), "a.txt", FriendQuery.MaxTtl, [.. Enumerable.Range(0, FriendQuery.MaxPath).Select(i => $"P{i}")]);

        var result = await LocateApi.QueryAsync(query with { Ttl = 0 }, Handler(), TestContext.Current.CancellationToken);

        Assert.Equal(QueryOutcome.Expired, Assert.IsType<Ok<FriendQueryAnswer>>(result.Result).Value!.Outcome);
        Assert.Empty(query.Validate());
    }

    public void Dispose()
    {
        _kit.Dispose();
        _peer.Dispose();
    }

    private FriendQueryHandler Handler() => _kit.Handler(new CannedFriends());

    private sealed class CannedFriends : IFriendTransport
    {
        public Task<FriendQueryAnswer> AskAsync(string friendUrl, FriendQuery query, CancellationToken cancellationToken) =>
            throw new HttpRequestException("No friends in this test.");
    }
}
