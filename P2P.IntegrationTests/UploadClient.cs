using Google.Protobuf;
using Grpc.Core;
using P2P.Contracts.Transfer.V1;

namespace P2P.Tests.Integration;

/// <summary>Uploads over gRPC as the CLI does (over a member's channel): a header, then the data.</summary>
public static class UploadClient
{
    /// <summary>Sends a header, then the data in 64 KiB messages; a call the server ends early reports its status from the response.</summary>
    public static async Task<UploadResponse> UploadAsync(
        FileTransfer.FileTransferClient client, UploadHeader header, byte[] data, CancellationToken cancellationToken)
    {
        using var call = client.Upload(deadline: TimeProvider.System.GetUtcNow().UtcDateTime.AddSeconds(30), cancellationToken: cancellationToken);
        Exception? writeFailure = null;
        var messagesWritten = 0;
        try
        {
            await call.RequestStream.WriteAsync(new UploadRequest { Header = header }, cancellationToken);
            messagesWritten++;
            foreach (var message in data.Chunk(64 * 1024))
            {
                await call.RequestStream.WriteAsync(new UploadRequest { Data = ByteString.CopyFrom(message) }, cancellationToken);
                messagesWritten++;
            }
            await call.RequestStream.CompleteAsync();
        }
        catch (Exception e) when (e is RpcException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            // The server refused before reading everything (or the call never started); ResponseAsync throws its real status below.
            writeFailure = e;
        }
        try
        {
            return await call.ResponseAsync;
        }
        catch (RpcException e) when (writeFailure is not null)
        {
            // Same status, so tests still assert on the server's answer; the message also tells what the client saw.
            throw new RpcException(e.Status, e.Trailers,
                $"{e.Message} (the client had written {messagesWritten} messages when a write failed: {writeFailure.Message})");
        }
    }
}
