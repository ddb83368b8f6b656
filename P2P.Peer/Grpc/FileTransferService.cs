using Grpc.Core;
using P2P.Contracts.Transfer.V1;

namespace P2P.Peer.Grpc;

/// <summary>
/// The peer's gRPC transfer server (<c>p2p.transfer.v1.FileTransfer</c>), each call answered by the type whose job it
/// is: manifests (<see cref="ManifestServer"/>), ranged reads of shared files and of partials (<see cref="RangeServer"/>),
/// verified uploads (<see cref="UploadIntake"/>) and availability (<see cref="AvailabilityServer"/>).
/// </summary>
public sealed class FileTransferService(
    ManifestServer manifests, RangeServer ranges, UploadIntake uploads, IdleLimits idle, AvailabilityServer availability)
    : FileTransfer.FileTransferBase
{
    /// <summary>
    /// A quarter of a chunk: every message costs a file read, a flush and a wake-up on each side, so messages are large;
    /// neither larger nor smaller ones were faster (bench/results.md).
    /// </summary>
    public const int MaxMessageBytes = 256 * 1024;

    public override Task<FileManifest> GetManifest(GetManifestRequest request, ServerCallContext context) =>
        Task.FromResult(manifests.Manifest(request));

    public override Task Download(DownloadRequest request, IServerStreamWriter<FileChunk> responseStream, ServerCallContext context) =>
        ranges.DownloadAsync(request, responseStream, context);

    public override Task Fetch(IAsyncStreamReader<DownloadRequest> requestStream, IServerStreamWriter<FileChunk> responseStream, ServerCallContext context) =>
        ranges.FetchAsync(requestStream, responseStream, context);

    public override async Task<UploadResponse> Upload(IAsyncStreamReader<UploadRequest> callerStream, ServerCallContext context)
    {
        using var requestStream = idle.Limit(callerStream);
        return await uploads.AcceptAsync(requestStream, context.Peer, context.CancellationToken);
    }

    public override Task Watch(WatchRequest request, IServerStreamWriter<Availability> responseStream, ServerCallContext context) =>
        availability.WatchAsync(request, responseStream, context);
}
