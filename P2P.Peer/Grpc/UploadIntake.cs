using Grpc.Core;
using Microsoft.Extensions.Options;
using P2P.Contracts.Files;
using P2P.Contracts.Transfer.V1;
using P2P.Peer.Files;
using P2P.Transfer;
using P2P.Transfer.Storage;
using P2P.Transfer.Telemetry;

namespace P2P.Peer.Grpc;

/// <summary>
/// Every upload's way in, the Upload RPC's and the web UI's alike: a header (a valid name, a size within
/// <c>max_upload_bytes</c> and the quota, a SHA-256), then the bytes into staging, published only if they hash to what it declared.
/// </summary>
public sealed class UploadIntake(
    FileCatalog catalog, StagingArea staging, UploadQuota quota, TransferMetrics metrics, IOptions<PeerOptions> options, ILogger<UploadIntake> logger)
{
    /// <summary>Takes the upload <paramref name="requestStream"/> carries from <paramref name="caller"/>; an <see cref="RpcException"/> says why not.</summary>
    public async Task<UploadResponse> AcceptAsync(IAsyncStreamReader<UploadRequest> requestStream, string caller, CancellationToken cancellationToken)
    {
        UploadHeader? header = null;
        try
        {
            header = await ReadHeaderAsync(requestStream, cancellationToken);
            if (catalog.Find(header.FileName) is { } existing)
            {
                if (existing.Sha256 != header.Sha256)
                {
                    throw RpcErrors.AlreadyExists(
                        $"A different version of '{existing.Name}' is already shared (sha256 {existing.Sha256}); it is never overwritten.");
                }
                // A retried upload of a file already here succeeds at once, without its bytes being sent again.
                logger.UploadAlreadyShared(header.FileName, header.Sha256);
            }
            else
            {
                using var room = quota.Reserve(header.FileName, header.Size);
                await ReceiveAsync(header, requestStream, cancellationToken);
                logger.UploadAccepted(header.FileName, header.Size, header.Sha256, caller);
            }
            return new UploadResponse { FileName = header.FileName, Size = header.Size, Sha256 = header.Sha256 };
        }
        catch (RpcException e)
        {
            logger.UploadRefused(header?.FileName ?? "", e.StatusCode, e.Status.Detail);
            throw;
        }
    }

    private async Task<UploadHeader> ReadHeaderAsync(IAsyncStreamReader<UploadRequest> requestStream, CancellationToken cancellationToken)
    {
        if (!await requestStream.MoveNext(cancellationToken) || requestStream.Current.PayloadCase != UploadRequest.PayloadOneofCase.Header)
        {
            throw RpcErrors.InvalidArgument("An upload starts with a header message (file_name, size, sha256); the data follows it.");
        }
        var header = requestStream.Current.Header;
        if (SharedFileName.Validate(header.FileName) is { } error)
        {
            throw RpcErrors.InvalidArgument(error);
        }
        if (!Sha256Text.IsValid(header.Sha256))
        {
            throw RpcErrors.InvalidArgument("The header's sha256 must be the file's SHA-256 as 64 lower-case hex digits.");
        }
        if (header.Size < 0)
        {
            throw RpcErrors.InvalidArgument($"The header's size cannot be negative ({header.Size}).");
        }
        var limit = options.Value.MaxUploadBytes;
        if (header.Size > limit)
        {
            throw RpcErrors.ResourceExhausted(
                $"'{header.FileName}' is {header.Size} bytes; this peer accepts uploads of at most {limit} bytes (max_upload_bytes).");
        }
        return header;
    }

    private async Task ReceiveAsync(UploadHeader header, IAsyncStreamReader<UploadRequest> requestStream, CancellationToken cancellationToken)
    {
        using var activity = TransferMetrics.ActivitySource.StartActivity("p2p.transfer.receive_upload");
        activity?.SetTag("p2p.file.name", header.FileName);
        activity?.SetTag("p2p.file.size", header.Size);
        string? partial = null;
        metrics.ActiveTransfers.Add(1);
        try
        {
            partial = staging.PartialPath(StagingPath.NewUploadKey());
            var digest = await UploadWriter.WriteAsync(partial, header.Size, requestStream, metrics, cancellationToken);
            if (digest.Sha256 != header.Sha256)
            {
                // InvalidArgument, not DataLoss: nothing the peer held was lost; the upload contradicts its own header,
                // and sending the same bytes again cannot succeed.
                throw RpcErrors.InvalidArgument($"The data's SHA-256 is {digest.Sha256}, but the header declared {header.Sha256}; nothing was stored.");
            }
            await staging.PublishAsync(partial, header.FileName, digest, cancellationToken);
        }
        catch (FileVersionConflictException e)
        {
            throw RpcErrors.AlreadyExists(e.Message);
        }
        catch (Exception e) when ((e is IOException or UnauthorizedAccessException) && !cancellationToken.IsCancellationRequested)
        {
            throw RpcErrors.Storage(e, $"store '{header.FileName}'");
        }
        finally
        {
            metrics.ActiveTransfers.Add(-1);
            if (partial is not null)
            {
                UploadWriter.TryDelete(partial);
            }
        }
    }
}
