using P2P.Hosting.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using P2P.Contracts.Files;
using P2P.Contracts.Peers;
using P2P.Hosting.Membership;
using P2P.Hosting.Problems;

namespace P2P.Peer.Discovery;

/// <summary>
/// The peer's discovery REST API: <c>GET /locate</c> for people and tools, <c>POST /discovery/query</c> for friends
/// forwarding a lookup, and <c>GET /discovery</c> for this peer's query counters.
/// </summary>
public static class LocateApi
{
    public static RouteGroupBuilder MapLocateApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("").WithTags("Discovery");
        api.MapGet(PeerRoutes.Locate, LocateAsync)
            .WithSummary("Locate a file")
            .WithDescription("Finds a file's holders by mode: local (this peer), friends (friend to friend, never the Maestro), maestro, or auto "
                + "(local, friends, then the Maestro). The answer has the hop path and the trace id; a 404 problem lists the path tried.")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithMetadata(SameSiteOnly.Instance);
        api.MapPost(PeerRoutes.Query, QueryAsync)
            .WithSummary("Answer a friend's query")
            .WithDescription("A lookup forwarded by a friend, with its query id, hops left and path: found, not_found, seen or expired. "
                + "Members only, on the TLS port; each location carries its holder's certificate fingerprint.")
            .RequireMembership();
        api.MapGet(PeerRoutes.Discovery, GetCounters)
            .WithSummary("Discovery counters")
            .WithDescription("What this peer did with the friend queries it received.");
        return api;
    }

    public static async Task<Results<Ok<PeerLocateResponse>, ProblemHttpResult>> LocateAsync(
        [FromQuery] string? file, [FromQuery] string? mode, FileLocator locator, CancellationToken cancellationToken)
    {
        if (SharedFileName.Validate(file) is { } error)
        {
            return FileNameProblem.Invalid(error);
        }
        if (!TryParseMode(mode, out var parsed))
        {
            return TypedResults.Problem($"mode must be auto, local, friends or maestro; '{mode}' is none of them.",
                statusCode: StatusCodes.Status400BadRequest, title: "Invalid mode.");
        }

        var outcome = await locator.LocateAsync(file!, parsed, cancellationToken);
        if (outcome.Found is { } found)
        {
            return TypedResults.Ok(found);
        }
        return TypedResults.Problem(
            $"No peer reached in mode {parsed.ToString().ToLowerInvariant()} has '{file}'.",
            statusCode: StatusCodes.Status404NotFound,
            title: "File not found.",
            extensions: new Dictionary<string, object?>
            {
                ["mode"] = parsed.ToString().ToLowerInvariant(),
                ["path"] = outcome.Path,
                ["hops"] = outcome.Hops,
            });
    }

    public static async Task<Results<Ok<FriendQueryAnswer>, ValidationProblem>> QueryAsync(
        FriendQuery query, FriendQueryHandler handler, CancellationToken cancellationToken)
    {
        var errors = query.Validate();
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "The query is not valid.");
        }
        return TypedResults.Ok(await handler.HandleAsync(query, cancellationToken));
    }

    public static Ok<DiscoveryCounters> GetCounters(DiscoveryTelemetry telemetry) => TypedResults.Ok(telemetry.Snapshot());

    private static bool TryParseMode(string? mode, out LocateMode parsed)
    {
        parsed = LocateMode.Auto;
        return string.IsNullOrEmpty(mode)
            || (Enum.TryParse(mode, ignoreCase: true, out parsed) && Enum.IsDefined(parsed) && !int.TryParse(mode, out _));
    }
}
