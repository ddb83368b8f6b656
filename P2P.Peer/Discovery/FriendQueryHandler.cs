using System.Diagnostics;
using Microsoft.Extensions.Options;
using P2P.Contracts;
using P2P.Contracts.Maestro;
using P2P.Contracts.Peers;
using P2P.Contracts.Remote;
using P2P.Contracts.Security;
using P2P.Peer.Files;

namespace P2P.Peer.Discovery;

/// <summary>
/// The friends protocol (Gnutella-style, bounded and loop-free). A peer answers a query id it has handled before with
/// "seen", checks its own folder, and while the TTL allows, asks its primary friend and then its backup when the
/// primary fails, times out or has nothing. Each hop is a span of the caller's trace and reports the trace id it saw.
/// A peer answers found for a file it holds whole or is still downloading (a partial holder, marked so).
/// </summary>
public sealed class FriendQueryHandler(
    FileCatalog catalog, IFriendTransport transport, SeenQueries seen, DiscoveryTelemetry telemetry, IOptions<PeerOptions> options, NodeIdentity identity,
    PartialHoldings partials, ILogger<FriendQueryHandler> logger)
{
    /// <summary>Starts a friends lookup from this peer (which has already looked in its own folder).</summary>
    public Task<FriendQueryAnswer> StartAsync(string file, CancellationToken cancellationToken)
    {
        var peer = options.Value;
        var query = new FriendQuery(Guid.NewGuid().ToString("N"), file, Math.Min(peer.QueryTtl, peer.MaxQueryTtl), []);
        return HandleAsync(query, origin: true, cancellationToken);
    }

    /// <summary>Handles a query forwarded by a friend.</summary>
    public Task<FriendQueryAnswer> HandleAsync(FriendQuery query, CancellationToken cancellationToken) =>
        HandleAsync(query, origin: false, cancellationToken);

    private async Task<FriendQueryAnswer> HandleAsync(FriendQuery query, bool origin, CancellationToken cancellationToken)
    {
        var peer = options.Value;
        var path = query.Path.Append(peer.Id).ToList();
        var ttl = Math.Min(query.Ttl, peer.MaxQueryTtl);
        using var activity = DiscoveryTelemetry.ActivitySource.StartActivity("discovery.hop");
        activity?.DisplayName = $"hop {peer.Id}: {query.File}, {ttl} hops left";
        activity?.SetTag("p2p.peer.id", peer.Id);
        activity?.SetTag("p2p.file", query.File);
        activity?.SetTag("p2p.mode", "friends");
        activity?.SetTag("p2p.query.id", query.QueryId);
        activity?.SetTag("p2p.hop", path.Count - 1);
        activity?.SetTag("p2p.ttl_left", ttl);
        if (!origin)
        {
            telemetry.QueryReceived();
        }

        var answer = await AnswerAsync(query with { Ttl = ttl, Path = path }, origin, activity, cancellationToken);
        activity?.SetTag("p2p.result", SnakeCaseJson.Name(answer.Hops[0].Outcome));
        return answer;
    }

    private async Task<FriendQueryAnswer> AnswerAsync(FriendQuery query, bool origin, Activity? activity, CancellationToken cancellationToken)
    {
        var peer = options.Value;
        if (!seen.FirstTime(query.QueryId))
        {
            telemetry.DuplicateRefused();
            return Answer(QueryOutcome.Seen, [], query.Path, activity);
        }
        if (!origin && Held(query.File, peer) is { Count: > 0 } held)
        {
            telemetry.FileFound();
            return Answer(QueryOutcome.Found, held, query.Path, activity);
        }
        if (query.Ttl <= 0)
        {
            telemetry.QueryExpired();
            return Answer(QueryOutcome.Expired, [], query.Path, activity);
        }

        // Each hop down the chain may need its own friends' timeouts, so a deeper query gets proportionally longer.
        var budget = TimeSpan.FromMilliseconds(peer.FriendTimeoutMs * (double)query.Ttl);
        var forwarded = query with { Ttl = query.Ttl - 1 };
        var below = new List<QueryHop>();
        var furthest = query.Path;
        foreach (var friend in peer.Friends)
        {
            telemetry.QueryForwarded();
            var reply = await AskAsync(friend, forwarded, budget, cancellationToken);
            if (reply is null)
            {
                below.Add(new QueryHop(friend, activity?.TraceId.ToHexString() ?? "", QueryOutcome.Unreachable));
                continue;
            }
            below.AddRange(reply.Hops);
            if (reply.Outcome == QueryOutcome.Found && reply.Peers.Count > 0)
            {
                return reply with { Hops = WithHop(QueryOutcome.Found, activity, below) };
            }
            if (reply.Outcome != QueryOutcome.Seen && reply.Path.Count > furthest.Count)
            {
                furthest = reply.Path;
            }
        }
        return Answer(QueryOutcome.NotFound, [], furthest, activity, below);
    }

    /// <summary>This peer's copy of <paramref name="file"/>, then the versions of it this peer is downloading.</summary>
    private List<FileLocation> Held(string file, PeerOptions peer) =>
    [
        .. catalog.Find(file) is { } local ? [local.ToLocation(peer, identity.Fingerprint)] : Array.Empty<FileLocation>(),
        .. partials.Locations(file, peer, identity.Fingerprint),
    ];

    private async Task<FriendQueryAnswer?> AskAsync(string friend, FriendQuery query, TimeSpan budget, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(budget);
        try
        {
            return await transport.AskAsync(friend, query, timeout.Token);
        }
        catch (Exception e) when (RemoteCallFailure.IsExpected(e, cancellationToken))
        {
            logger.FriendUnavailable(friend, e.Message);
            return null;
        }
    }

    private FriendQueryAnswer Answer(
        QueryOutcome outcome, IReadOnlyList<FileLocation> peers, IReadOnlyList<string> path, Activity? activity, IEnumerable<QueryHop>? below = null) =>
        new(outcome, peers, path, WithHop(outcome, activity, below ?? []));

    // Capped as the asker caps what it reads, so that an honest answer from a large network is never refused.
    private List<QueryHop> WithHop(QueryOutcome outcome, Activity? activity, IEnumerable<QueryHop> below) =>
        [Hop(outcome, activity), .. below.Take(WireRules.MaxHops - 1)];

    private QueryHop Hop(QueryOutcome outcome, Activity? activity) =>
        new(options.Value.Id, (activity ?? Activity.Current)?.TraceId.ToHexString() ?? "", outcome);
}
