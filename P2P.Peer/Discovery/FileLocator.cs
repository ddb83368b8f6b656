using System.Diagnostics;
using Microsoft.Extensions.Options;
using P2P.Contracts.Maestro;
using P2P.Contracts.Peers;
using P2P.Contracts.Security;
using P2P.Peer.Files;
using P2P.Peer.Maestro;

namespace P2P.Peer.Discovery;

/// <summary>
/// Finds a file from this peer in the mode asked for: its own folder, then (auto and friends) a friends query, then
/// (auto and maestro) the Maestro's directory. The outcome carries the path tried, found or not.
/// </summary>
public sealed class FileLocator(
    FileCatalog catalog, FriendQueryHandler friends, MaestroClient maestro, DiscoveryTelemetry telemetry, TimeProvider time,
    IOptions<PeerOptions> options, NodeIdentity identity, ILogger<FileLocator> logger)
{
    public const string MaestroHop = "maestro";

    public async Task<LocateOutcome> LocateAsync(string file, LocateMode mode, CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        var modeName = mode.ToString().ToLowerInvariant();
        using var activity = DiscoveryTelemetry.ActivitySource.StartActivity("discovery.locate");
        activity?.DisplayName = $"locate {file} ({modeName})";
        activity?.SetTag("p2p.file", file);
        activity?.SetTag("p2p.mode", modeName);

        var outcome = await SearchAsync(file, mode, cancellationToken);

        activity?.SetTag("p2p.result", outcome.Found is null ? "not_found" : outcome.Found.FoundBy);
        telemetry.LookupFinished(modeName, outcome.Found is not null, outcome.Path.Count - 1, time.GetElapsedTime(started));
        return outcome;
    }

    /// <summary>Every live holder the Maestro knows; empty when it knows none or cannot be reached.</summary>
    public async Task<IReadOnlyList<FileLocation>> FromMaestroAsync(string file, CancellationToken cancellationToken)
    {
        try
        {
            return await maestro.LocateAsync(file, cancellationToken);
        }
        catch (Exception e) when (RemoteCallFailure.IsExpected(e, cancellationToken))
        {
            logger.MaestroUnavailable(options.Value.MaestroUrlsText, e.Message);
            return [];
        }
    }

    private async Task<LocateOutcome> SearchAsync(string file, LocateMode mode, CancellationToken cancellationToken)
    {
        var peer = options.Value;
        var traceId = Activity.Current?.TraceId.ToHexString() ?? "";
        var self = new QueryHop(peer.Id, traceId, QueryOutcome.NotFound);
        if (catalog.Find(file) is { } local)
        {
            return Found("local", [local.ToLocation(peer, identity.Fingerprint)], [peer.Id], [self with { Outcome = QueryOutcome.Found }]);
        }
        if (mode == LocateMode.Local)
        {
            return new LocateOutcome(null, [peer.Id], [self], traceId);
        }

        IReadOnlyList<string> path = [peer.Id];
        IReadOnlyList<QueryHop> hops = [self];
        if (mode is LocateMode.Auto or LocateMode.Friends)
        {
            var answer = await friends.StartAsync(file, cancellationToken);
            if (answer.Outcome == QueryOutcome.Found)
            {
                return Found("friends", answer.Peers, answer.Path, answer.Hops);
            }
            (path, hops) = (answer.Path, answer.Hops);
        }
        if (mode is LocateMode.Auto or LocateMode.Maestro)
        {
            var located = await FromMaestroAsync(file, cancellationToken);
            var maestroHop = new QueryHop(MaestroHop, traceId, located.Count > 0 ? QueryOutcome.Found : QueryOutcome.NotFound);
            if (located.Count > 0)
            {
                return Found("maestro", located, [peer.Id, MaestroHop], [.. hops, maestroHop]);
            }
            (path, hops) = ([.. path, MaestroHop], [.. hops, maestroHop]);
        }
        return new LocateOutcome(null, path, hops, traceId);

        LocateOutcome Found(string by, IReadOnlyList<FileLocation> peers, IReadOnlyList<string> foundPath, IReadOnlyList<QueryHop> foundHops) =>
            new(new PeerLocateResponse(file, by, peers, foundPath, foundHops, traceId), foundPath, foundHops, traceId);
    }
}
