using Grpc.Core;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using P2P.Contracts.Files;
using P2P.Contracts.Transfer.V1;
using P2P.Hosting.Problems;
using P2P.Peer.Files;
using P2P.Peer.Grpc;

namespace P2P.Peer.Ui;

/// <summary>
/// The Files page's calls: the shared files with when each was added, a file opened in the browser, one uploaded from
/// the computer (through <see cref="UploadIntake"/>, as the Upload RPC) and one removed (through <see cref="SharedFolder"/>).
/// </summary>
public static class UiFilesApi
{
    public const string UploadCaller = "the web UI";

    public static RouteGroupBuilder MapUiFilesReads(this RouteGroupBuilder api)
    {
        api.MapGet("/files", List);
        api.MapGet("/files/{name}", Open);
        return api;
    }

    public static RouteGroupBuilder MapUiFilesActions(this RouteGroupBuilder acting)
    {
        acting.MapPut("/files/{name}", UploadAsync);
        acting.MapDelete("/files/{name}", RemoveAsync);
        return acting;
    }

    public static Ok<IReadOnlyList<UiFile>> List(FileCatalog catalog) =>
        TypedResults.Ok<IReadOnlyList<UiFile>>(catalog.Files.Select(f => new UiFile(f.Name, f.Size, f.Sha256, f.LastWriteUtc)).ToList());

    public static Results<FileStreamHttpResult, ProblemHttpResult> Open(string name, FileCatalog catalog, SharedFolder folder)
    {
        if (SharedFileName.Validate(name) is { } error)
        {
            return FileNameProblem.Invalid(error);
        }
        if (catalog.Find(name) is null)
        {
            return NotShared(name);
        }
        try
        {
            var stream = new FileStream(folder.OpenServable(name), FileAccess.Read);
            return TypedResults.File(stream, "application/octet-stream", fileDownloadName: name);
        }
        catch (Exception e) when (e is FileNotFoundException or NotServableException)
        {
            return NotShared(name);
        }
    }

    public static async Task<Results<Created<UiFile>, Ok<UiFile>, ProblemHttpResult>> UploadAsync(string name, [FromQuery] string? sha256,
        HttpContext context, UploadIntake uploads, FileCatalog catalog, IOptions<PeerOptions> options)
    {
        if (context.Request.ContentLength is not { } size)
        {
            return TypedResults.Problem("Send the file as the request body with its Content-Length.", statusCode: StatusCodes.Status411LengthRequired,
                title: "Length required.");
        }
        // The intake enforces max_upload_bytes itself; Kestrel's smaller default limit must not cut a valid upload short.
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = Math.Max(options.Value.MaxUploadBytes, 0);
        }
        var existed = catalog.Find(name) is not null;
        var header = new UploadHeader { FileName = name, Size = size, Sha256 = sha256 ?? "" };
        try
        {
            // Publishing adds the file to the catalog, so the list the page reloads has it already.
            var answer = await uploads.AcceptAsync(new BodyUploadReader(header, context.Request.Body), UploadCaller, context.RequestAborted);
            var file = new UiFile(answer.FileName, answer.Size, answer.Sha256, catalog.Find(answer.FileName)?.LastWriteUtc);
            return existed ? TypedResults.Ok(file) : TypedResults.Created($"{UiRoutes.Files}/{Uri.EscapeDataString(file.Name)}", file);
        }
        catch (RpcException e)
        {
            return Refused(e);
        }
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> RemoveAsync(string name, SharedFolder folder, FileCatalog catalog,
        ILogger<SharedFolder> logger, CancellationToken cancellationToken)
    {
        if (SharedFileName.Validate(name) is { } error)
        {
            return FileNameProblem.Invalid(error);
        }
        try
        {
            if (!folder.Remove(name))
            {
                return NotShared(name);
            }
        }
        catch (NotServableException e)
        {
            return TypedResults.Problem(e.Message, statusCode: StatusCodes.Status409Conflict, title: "Not removed.");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return TypedResults.Problem($"'{name}' could not be removed: {e.Message}", statusCode: StatusCodes.Status409Conflict, title: "Not removed.");
        }
        logger.UiFileRemoved(name);
        await catalog.RescanAsync(cancellationToken);
        return TypedResults.NoContent();
    }

    private static ProblemHttpResult NotShared(string name) =>
        TypedResults.Problem($"'{name}' is not shared by this peer.", statusCode: StatusCodes.Status404NotFound, title: "No such file.");

    // The intake's verdicts in HTTP's words: the detail is the same sentence the Upload RPC gives.
    private static ProblemHttpResult Refused(RpcException e) =>
        TypedResults.Problem(e.Status.Detail, title: "Upload refused.", statusCode: e.StatusCode switch
        {
            StatusCode.InvalidArgument => StatusCodes.Status400BadRequest,
            StatusCode.AlreadyExists or StatusCode.FailedPrecondition => StatusCodes.Status409Conflict,
            StatusCode.ResourceExhausted => StatusCodes.Status413PayloadTooLarge,
            StatusCode.DeadlineExceeded => StatusCodes.Status408RequestTimeout,
            _ => StatusCodes.Status500InternalServerError,
        });
}

/// <summary>A shared file as the Files page shows it: with when it was added (its last write, which publishing keeps).</summary>
public sealed record UiFile(string Name, long Size, string Sha256, DateTimeOffset? AddedAt);
