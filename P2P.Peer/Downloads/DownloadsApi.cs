using Microsoft.AspNetCore.Http.HttpResults;
using P2P.Contracts.Files;
using P2P.Hosting.Security;

namespace P2P.Peer.Downloads;

/// <summary>The peer's download REST API: start, list, follow and cancel downloads.</summary>
public static class DownloadsApi
{
    public static RouteGroupBuilder MapDownloadsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/downloads").WithTags("Downloads");

        // Reads stay open; starting and cancelling need the control token, since sources make the peer call any URL.
        api.MapPost("", Start)
            .RequireControlToken()
            .WithSummary("Start a download")
            .WithDescription("Fetches a file into the shared folder from every source with the same version, verified chunk by chunk; "
                + "answers 202 with the download's location, or the download already under way for that file; 503 when max_queued_downloads "
                + "are already running or queued. Needs the control token (Authorization: Bearer), so only this node's operator can name the "
                + "sources, gRPC URLs this peer will call; 401 otherwise.")
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        api.MapGet("", List)
            .WithSummary("Downloads")
            .WithDescription("The downloads running or queued, and those finished within finished_download_retention_seconds "
                + "(at most max_finished_downloads), oldest first.");
        api.MapGet("/{id}", Get).WithName("GetDownload")
            .WithSummary("One download")
            .WithDescription("State, bytes done, resumed and total, rate, and each source's share.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        api.MapDelete("/{id}", Cancel)
            .RequireControlToken()
            .WithSummary("Cancel a download")
            .WithDescription("The verified chunks are kept for the next attempt. 409 when the download has already finished. "
                + "Needs the control token (401 otherwise).")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        return api;
    }

    public static Results<Accepted<DownloadStatus>, ValidationProblem, ProblemHttpResult> Start(StartDownloadRequest request, DownloadManager downloads)
    {
        var errors = new Dictionary<string, string[]>();
        if (SharedFileName.Validate(request.File) is { } nameError)
        {
            errors["file"] = [nameError];
        }
        if (request.Sha256 is not null && !Sha256Text.IsValid(request.Sha256))
        {
            errors["sha256"] = ["sha256 must be 64 lower-case hexadecimal digits."];
        }
        if (request.Sources?.Any(s => !Uri.TryCreate(s, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")) == true)
        {
            errors["sources"] = ["Each source is the absolute http:// or https:// URL of a peer's gRPC endpoint."];
        }
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "The download request is not valid.");
        }

        try
        {
            var job = downloads.Start(request);
            return TypedResults.Accepted($"/downloads/{job.Id}", job.ToStatus());
        }
        catch (DownloadQueueFullException e)
        {
            // 503, not 429: the limit is the peer's capacity, shared by every client, not one client's rate.
            return TypedResults.Problem(e.Message, statusCode: StatusCodes.Status503ServiceUnavailable, title: "Too many downloads.");
        }
    }

    public static Ok<List<DownloadStatus>> List(DownloadManager downloads) => TypedResults.Ok(downloads.Jobs.Select(j => j.ToStatus()).ToList());

    public static Results<Ok<DownloadStatus>, ProblemHttpResult> Get(string id, DownloadManager downloads) =>
        downloads.Find(id) is { } job ? TypedResults.Ok(job.ToStatus()) : UnknownDownload(id);

    public static Results<Accepted<DownloadStatus>, ProblemHttpResult> Cancel(string id, DownloadManager downloads)
    {
        if (downloads.Find(id) is not { } job)
        {
            return UnknownDownload(id);
        }
        if (job.IsFinished)
        {
            return TypedResults.Problem(
                $"Download {id} is already {job.State.ToString().ToLowerInvariant()}.", statusCode: StatusCodes.Status409Conflict,
                title: "Download finished.");
        }
        job.Cancel();
        return TypedResults.Accepted($"/downloads/{id}", job.ToStatus());
    }

    private static ProblemHttpResult UnknownDownload(string id) =>
        TypedResults.Problem($"No download has the id '{id}'.", statusCode: StatusCodes.Status404NotFound, title: "Unknown download.");
}
