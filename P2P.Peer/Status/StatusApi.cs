using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using P2P.Contracts.Maestro;
using P2P.Contracts.Peers;
using P2P.Contracts.Security;
using P2P.Hosting;
using P2P.Peer.Files;
using P2P.Peer.Registration;

namespace P2P.Peer.Status;

/// <summary>The peer's <c>GET /</c> status and <c>GET /info</c> identity card.</summary>
public static class StatusApi
{
    public static RouteGroupBuilder MapStatusApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("").WithTags("Status");

        api.MapGet("/", GetStatus)
            .WithSummary("Peer status")
            .WithDescription("Who the peer is, how many files it shares, whether the Maestro has its registration and an operator "
                + "paused its heartbeats, its friends and uptime.");
        api.MapGet(PeerRoutes.Info, GetInfo)
            .WithSummary("Peer identity card")
            .WithDescription("The peer's id, REST and gRPC addresses and every file it shares.");

        return api;
    }

    public static Ok<PeerStatus> GetStatus(
        FileCatalog catalog, RegistrationState state, HeartbeatSwitch heartbeats, IOptions<PeerOptions> options, ProcessUptime uptime)
    {
        var peer = options.Value;
        return TypedResults.Ok(new PeerStatus(
            "peer", peer.Id, peer.AdvertisedRestUrl, peer.AdvertisedGrpcUrl, catalog.Files.Count,
            state.IsRegistered, state.LastRegisteredAt, state.LastError, peer.MaestroUrlsText, peer.FriendPeerPrimary, peer.FriendPeerBackup,
            Math.Round(uptime.Elapsed.TotalSeconds, 3), heartbeats.IsPaused));
    }

    public static Ok<PeerInfo> GetInfo(FileCatalog catalog, IOptions<PeerOptions> options, NodeIdentity identity)
    {
        var peer = options.Value;
        var grpcUrl = peer.AdvertisedGrpcUrl;
        return TypedResults.Ok(new PeerInfo(
            peer.Id, peer.AdvertisedRestUrl, grpcUrl, new Uri(grpcUrl).Port, identity.Fingerprint, catalog.Files.Select(f => f.ToEntry()).ToList()));
    }
}
