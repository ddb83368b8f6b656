using Microsoft.AspNetCore.Http.HttpResults;
using P2P.Contracts.Peers;
using P2P.Hosting.Security;
using P2P.Peer.Files;

namespace P2P.Peer.Registration;

/// <summary>The peer's registration REST API: a forced rescan of the shared folder, registered with the Maestro.</summary>
public static class RegistrationApi
{
    public static RouteGroupBuilder MapRegistrationApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("").WithTags("Files");

        api.MapPost(PeerRoutes.Refresh, RefreshAsync)
            .RequireControlToken()
            .WithSummary("Rescan and register")
            .WithDescription("Rescans the shared folder now and registers the result with the Maestro. Needs the control token (Authorization: Bearer; 401 otherwise).");

        return api;
    }

    public static async Task<Ok<RefreshResult>> RefreshAsync(
        FileCatalog catalog, MaestroRegistrar registrar, RegistrationState state, CancellationToken cancellationToken)
    {
        var changed = await catalog.RescanAsync(cancellationToken);
        var registered = await registrar.RegisterAsync(cancellationToken);
        return TypedResults.Ok(new RefreshResult(catalog.Files.Count, changed, registered, registered ? null : state.LastError));
    }
}
