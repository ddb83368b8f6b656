using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using P2P.Contracts.Files;
using P2P.Contracts.Maestro;
using P2P.Contracts.Peers;
using P2P.Hosting.Problems;

namespace P2P.Peer.Files;

/// <summary>The peer's file REST API: its list of shared files and a search of them.</summary>
public static class FilesApi
{
    public static RouteGroupBuilder MapFilesApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("").WithTags("Files");

        api.MapGet(PeerRoutes.Files, GetFiles)
            .WithSummary("Shared files")
            .WithDescription("Every file in the shared folder: name, size and SHA-256.");
        api.MapGet(PeerRoutes.Search, Search)
            .WithSummary("Search this peer")
            .WithDescription("Whether this peer holds the file, with its copy's size and hash. 400 for a name that is not a plain file name.")
            .ProducesProblem(StatusCodes.Status400BadRequest);
        return api;
    }

    public static Ok<IReadOnlyList<SharedFileEntry>> GetFiles(FileCatalog catalog) =>
        TypedResults.Ok<IReadOnlyList<SharedFileEntry>>(catalog.Files.Select(f => f.ToEntry()).ToList());

    public static Results<Ok<SearchResult>, ProblemHttpResult> Search([FromQuery] string? file, FileCatalog catalog, IOptions<PeerOptions> options)
    {
        if (SharedFileName.Validate(file) is { } error)
        {
            return FileNameProblem.Invalid(error);
        }
        var peer = options.Value;
        var found = catalog.Find(file!);
        return TypedResults.Ok(new SearchResult(file!, found is not null, peer.Id, peer.AdvertisedRestUrl, peer.AdvertisedGrpcUrl, found?.Size, found?.Sha256));
    }
}
