using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using P2P.Contracts.Peers;
using P2P.Peer.Discovery;

namespace P2P.Tests.Unit;

public sealed class FriendQueryHandlerTests : IDisposable
{
    private readonly ServiceProvider _meters = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private readonly Dictionary<string, (TransferTestPeer Peer, FriendQueryHandler Handler, DiscoveryTelemetry Telemetry)> _ring = [];
    private readonly RoutingTransport _transport;
    private readonly CancellationToken _token = TestContext.Current.CancellationToken;

    public FriendQueryHandlerTests()
    {
        _transport = new RoutingTransport(this);
        // The seed's ring: P1 → P2 (backup P3), P2 → P3 (backup P1), P3 → P1 (backup P2).
        Add("P1", "P2", "P3");
        Add("P2", "P3", "P1");
        Add("P3", "P1", "P2");
    }

    [Fact]
    public async Task A_file_two_hops_away_is_found_through_the_primary_chain_with_its_path()
    {
        await _ring["P3"].Peer.ShareAsync("far.txt", [1, 2, 3], _token);

        var answer = await _ring["P1"].Handler.StartAsync("far.txt", _token);

        Assert.Equal(QueryOutcome.Found, answer.Outcome);
        Assert.Equal("P3", Assert.Single(answer.Peers).Id);
        Assert.Equal(["P1", "P2", "P3"], answer.Path);
        Assert.Equal(["http://p2", "http://p3"], _transport.Asked);
    }

    [Fact]
    public async Task Around_the_ring_every_peer_handles_a_query_once_and_the_origin_answers_seen()
    {
        var answer = await _ring["P1"].Handler.StartAsync("nowhere.txt", _token);

        Assert.Equal(QueryOutcome.NotFound, answer.Outcome);
        Assert.Equal(1, _ring["P2"].Telemetry.Snapshot().QueriesReceived - _ring["P2"].Telemetry.Snapshot().DuplicatesRefused);
        Assert.Equal(1, _ring["P3"].Telemetry.Snapshot().QueriesReceived - _ring["P3"].Telemetry.Snapshot().DuplicatesRefused);
        Assert.Contains(answer.Hops, h => h.Peer == "P1" && h.Outcome == QueryOutcome.Seen);
        var handled = answer.Hops.Where(h => h.Outcome != QueryOutcome.Seen).ToList();
        Assert.Equal(handled.Count, handled.Select(h => h.Peer).Distinct().Count());
    }

    [Fact]
    public async Task A_query_id_already_handled_is_answered_seen_and_not_forwarded()
    {
        var query = new FriendQuery("q-1", "x.txt", 3, ["P9"]);
        await _ring["P2"].Handler.HandleAsync(query, _token);
        var asked = _transport.Asked.Count;
        var refused = _ring["P2"].Telemetry.Snapshot().DuplicatesRefused;

        var again = await _ring["P2"].Handler.HandleAsync(query, _token);

        Assert.Equal(QueryOutcome.Seen, again.Outcome);
        Assert.Equal(asked, _transport.Asked.Count);
        Assert.Equal(refused + 1, _ring["P2"].Telemetry.Snapshot().DuplicatesRefused);
    }

    [Fact]
    public async Task A_spent_ttl_stops_the_query_after_the_local_check()
    {
        await _ring["P3"].Peer.ShareAsync("far.txt", [1], _token);

        var spent = await _ring["P2"].Handler.HandleAsync(new FriendQuery("q-2", "far.txt", 0, ["P1"]), _token);
        var local = await _ring["P3"].Handler.HandleAsync(new FriendQuery("q-3", "far.txt", 0, ["P1"]), _token);

        Assert.Equal(QueryOutcome.Expired, spent.Outcome);
        Assert.Empty(_transport.Asked);
        Assert.Equal(QueryOutcome.Found, local.Outcome);
    }

    [Fact]
    public async Task A_one_hop_ttl_reaches_the_friends_but_no_further()
    {
        await _ring["P3"].Peer.ShareAsync("far.txt", [1], _token);
        _ring["P1"].Peer.Options.QueryTtl = 1;

        var answer = await _ring["P1"].Handler.StartAsync("far.txt", _token);

        // P1's primary (P2) lacks it and may not forward; P1's backup (P3) has it.
        Assert.Equal(["P1", "P3"], answer.Path);
        Assert.Equal(["http://p2", "http://p3"], _transport.Asked);
    }

    [Fact]
    public async Task An_arriving_ttl_is_capped_by_the_peer()
    {
        _ring["P2"].Peer.Options.MaxQueryTtl = 1;

        var answer = await _ring["P2"].Handler.HandleAsync(new FriendQuery("q-4", "nowhere.txt", 16, ["P1"]), _token);

        Assert.All(answer.Hops.Where(h => h.Peer != "P2"), h => Assert.Equal(QueryOutcome.Expired, h.Outcome));
    }

    [Fact]
    public async Task The_backup_is_asked_when_the_primary_fails()
    {
        await _ring["P3"].Peer.ShareAsync("far.txt", [1], _token);
        _transport.Down.Add("http://p2");

        var answer = await _ring["P1"].Handler.StartAsync("far.txt", _token);

        Assert.Equal(["P1", "P3"], answer.Path);
        Assert.Contains(answer.Hops, h => h.Peer == "http://p2" && h.Outcome == QueryOutcome.Unreachable);
    }

    [Fact]
    public async Task The_backup_is_asked_when_the_primary_times_out_and_the_wait_is_bounded()
    {
        await _ring["P3"].Peer.ShareAsync("far.txt", [1], _token);
        _transport.Hung.Add("http://p2");
        _ring["P1"].Peer.Options.FriendTimeoutMs = 100;
        _ring["P1"].Peer.Options.QueryTtl = 1;

        var answer = await _ring["P1"].Handler.StartAsync("far.txt", _token).WaitAsync(TimeSpan.FromSeconds(10), _token);

        Assert.Equal(QueryOutcome.Found, answer.Outcome);
        Assert.Equal(["P1", "P3"], answer.Path);
    }

    public void Dispose()
    {
        foreach (var (peer, _, _) in _ring.Values)
        {
            peer.Dispose();
        }
        _meters.Dispose();
    }

    private void Add(string id, string primary, string backup)
    {
        var peer = new TransferTestPeer(id);
        peer.Options.FriendPeerPrimary = $"http://{primary.ToLowerInvariant()}";
        peer.Options.FriendPeerBackup = $"http://{backup.ToLowerInvariant()}";
        var telemetry = new DiscoveryTelemetry(_meters.GetRequiredService<IMeterFactory>());
        var handler = new FriendQueryHandler(
            peer.Catalog, _transport, new SeenQueries(TimeProvider.System), telemetry, Options.Create(peer.Options), peer.Identity, new PartialHoldings(),
            NullLogger<FriendQueryHandler>.Instance);
        _ring[id] = (peer, handler, telemetry);
    }

    /// <summary>Delivers a friend query straight to the addressed peer's handler, or fails as a down or hung peer would.</summary>
    private sealed class RoutingTransport(FriendQueryHandlerTests ring) : IFriendTransport
    {
        public List<string> Asked { get; } = [];

        public HashSet<string> Down { get; } = [];

        public HashSet<string> Hung { get; } = [];

        public async Task<FriendQueryAnswer> AskAsync(string friendUrl, FriendQuery query, CancellationToken cancellationToken)
        {
            lock (Asked)
            {
                Asked.Add(friendUrl);
            }
            if (Down.Contains(friendUrl))
            {
                throw new HttpRequestException("Connection refused");
            }
            if (Hung.Contains(friendUrl))
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }
            var id = "P" + friendUrl[^1];
            return await ring._ring[id].Handler.HandleAsync(query, cancellationToken);
        }
    }
}
