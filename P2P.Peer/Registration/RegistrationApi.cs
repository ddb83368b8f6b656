using Microsoft.AspNetCore.Http.HttpResults;
using P2P.Contracts.Peers;
using P2P.Hosting.Security;
using P2P.Peer.Files;

namespace P2P.Peer.Registration;

/// <summary>The peer's registration REST API: a forced rescan of the shared folder, registered with the Maestro, and the heartbeats' switch.</summary>
public static class RegistrationApi
{
    public static RouteGroupBuilder MapRegistrationApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("").WithTags("Files");

        api.MapPost(PeerRoutes.Refresh, RefreshAsync)
            .RequireControlToken()
            .WithSummary("Rescan and register")
            .WithDescription("Rescans the shared folder now and registers the result with the Maestro. Needs the control token (Authorization: Bearer; 401 otherwise).");

        var heartbeats = app.MapGroup("").WithTags("Registration").RequireControlToken();
        heartbeats.MapPost(PeerRoutes.PauseHeartbeats, PauseHeartbeats)
            .WithSummary("Pause heartbeats")
            .WithDescription("Stops heartbeating and registering until resumed, so the Maestro expires this peer after its TTL and lookups fall back to the friends. Needs the control token (401 otherwise).");
        heartbeats.MapPost(PeerRoutes.ResumeHeartbeats, ResumeHeartbeats)
            .WithSummary("Resume heartbeats")
            .WithDescription("Heartbeats again from the next round; a Maestro that expired this peer meanwhile gets its registration again. Needs the control token (401 otherwise).");

        return api;
    }

    public static async Task<Ok<RefreshResult>> RefreshAsync(
        FileCatalog catalog, MaestroRegistrar registrar, RegistrationState state, CancellationToken cancellationToken)
    {
        var changed = await catalog.RescanAsync(cancellationToken);
        var registered = await registrar.RegisterAsync(cancellationToken);
        return TypedResults.Ok(new RefreshResult(catalog.Files.Count, changed, registered, registered ? null : state.LastError));
    }

    public static Ok<HeartbeatState> PauseHeartbeats(HeartbeatSwitch heartbeats, ILogger<HeartbeatSwitch> logger)
    {
        heartbeats.Pause();
        logger.HeartbeatsPaused();
        return TypedResults.Ok(new HeartbeatState(Paused: true));
    }

    public static Ok<HeartbeatState> ResumeHeartbeats(HeartbeatSwitch heartbeats, ILogger<HeartbeatSwitch> logger)
    {
        heartbeats.Resume();
        logger.HeartbeatsResumed();
        return TypedResults.Ok(new HeartbeatState(Paused: false));
    }
}
