using Google.Protobuf;
using Grpc.Core;
using P2P.Contracts.Transfer.V1;

namespace P2P.Tests.Integration;

/// <summary>Uploads to a peer over gRPC the way another peer would: a header, then the data in 64 KiB messages.</summary>
public static class UploadClient
{
    /// <summary>Sends the upload; a call the server ends early reports its real status from the response.</summary>
    public static async Task<UploadResponse> UploadAsync(this FileTransfer.FileTransferClient client, UploadHeader header, byte[] data)
    {
        var token = TestContext.Current.CancellationToken;
        using var call = client.Upload(deadline: TimeProvider.System.GetUtcNow().UtcDateTime.AddSeconds(30), cancellationToken: token);
        try
        {
            await call.RequestStream.WriteAsync(new UploadRequest { Header = header }, token);
            foreach (var piece in data.Chunk(64 * 1024))
            {
                await call.RequestStream.WriteAsync(new UploadRequest { Data = ByteString.CopyFrom(piece) }, token);
            }
            await call.RequestStream.CompleteAsync();
        }
        catch (RpcException)
        {
            // The server refused before reading everything; ResponseAsync throws its real status below.
        }
        return await call.ResponseAsync;
    }
}
