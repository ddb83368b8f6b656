using Microsoft.AspNetCore.Http.HttpResults;
using P2P.Contracts.Maestro;
using P2P.Peer.Maestro;

namespace P2P.Peer.Ui;

/// <summary>The Network page's read: the Maestro's live peers (or why they could not be had) and whether each friend answers.</summary>
public static class UiNetworkApi
{
    public static RouteGroupBuilder MapUiNetworkReads(this RouteGroupBuilder api)
    {
        api.MapGet("/network", NetworkAsync);
        return api;
    }

    public static async Task<Ok<UiNetwork>> NetworkAsync(MaestroClient maestro, FriendProbe friends, CancellationToken cancellationToken)
    {
        var probed = friends.CheckAsync(cancellationToken);
        IReadOnlyList<PeerSummary>? peers = null;
        string? error = null;
        try
        {
            peers = await maestro.PeersAsync(cancellationToken);
        }
        catch (Exception e) when (RemoteCallFailure.IsExpected(e, cancellationToken))
        {
            error = e.Message;
        }
        return TypedResults.Ok(new UiNetwork(peers, error, await probed));
    }
}

/// <summary>What the Network page shows beyond the peer's own status.</summary>
public sealed record UiNetwork(IReadOnlyList<PeerSummary>? MaestroPeers, string? MaestroError, IReadOnlyList<UiFriend> Friends);
