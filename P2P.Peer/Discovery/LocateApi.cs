using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using P2P.Contracts.Files;
using P2P.Contracts.Peers;
using P2P.Peer.Files;

namespace P2P.Peer.Discovery;

/// <summary>The peer's <c>GET /locate</c>: where a file can be had, found from this peer.</summary>
public static class LocateApi
{
    public static RouteGroupBuilder MapLocateApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("").WithTags("Discovery");
        api.MapGet(PeerRoutes.Locate, LocateAsync);
        return api;
    }

    public static async Task<Results<Ok<PeerLocateResponse>, ProblemHttpResult>> LocateAsync(
        [FromQuery] string? file, FileLocator locator, CancellationToken cancellationToken)
    {
        if (SharedFileName.Validate(file) is { } error)
        {
            return FilesApi.InvalidName(error);
        }
        return await locator.LocateAsync(file!, cancellationToken) is { } found
            ? TypedResults.Ok(found)
            : TypedResults.Problem(
                $"Neither this peer, its friends nor the Maestro know a peer with '{file}'.",
                statusCode: StatusCodes.Status404NotFound, title: "File not found.");
    }
}
