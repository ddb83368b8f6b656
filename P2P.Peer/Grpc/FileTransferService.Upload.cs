using Grpc.Core;
using P2P.Contracts.Transfer.V1;

namespace P2P.Peer.Grpc;

/// <summary>The upload half of the transfer service: a header, then the bytes, stored only if they hash to what it declared.</summary>
public sealed partial class FileTransferService
{
    public override async Task<UploadResponse> Upload(IAsyncStreamReader<UploadRequest> callerStream, ServerCallContext context)
    {
        using var requestStream = IdleLimited(callerStream);
        return await uploads.AcceptAsync(requestStream, context.Peer, context.CancellationToken);
    }
}
