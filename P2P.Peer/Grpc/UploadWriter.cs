using Grpc.Core;
using Microsoft.Win32.SafeHandles;
using P2P.Contracts.Transfer.V1;
using P2P.Peer.Files;
using P2P.Transfer.Hashing;
using P2P.Transfer.Storage;
using P2P.Transfer.Telemetry;

namespace P2P.Peer.Grpc;

/// <summary>
/// Writes an upload's data messages to a partial file, digesting them as they pass so nothing is read back, and
/// flushing them to the disk as they come so the flush before publishing has little left to do.
/// </summary>
public static class UploadWriter
{
    /// <summary>Writes exactly <paramref name="size"/> bytes to a new file at <paramref name="partialPath"/> and returns their digest.</summary>
    public static async Task<FileDigest> WriteAsync(
        string partialPath, long size, IAsyncStreamReader<UploadRequest> requestStream, TransferMetrics metrics, CancellationToken cancellationToken)
    {
        using var handle = Create(partialPath, size);
        using var flusher = new BackgroundFlusher(() => RandomAccess.FlushToDisk(handle));
        using var digest = new FileDigestBuilder();
        while (await requestStream.MoveNext(cancellationToken))
        {
            var message = requestStream.Current;
            if (message.PayloadCase != UploadRequest.PayloadOneofCase.Data)
            {
                throw RpcErrors.InvalidArgument("Only the first message of an upload is a header; the others carry data.");
            }
            var data = message.Data.Memory;
            if (data.Length > size - digest.Size)
            {
                throw RpcErrors.InvalidArgument($"The upload sent more than the {size} bytes its header declared.");
            }
            await RandomAccess.WriteAsync(handle, data, digest.Size, cancellationToken);
            flusher.Written(data.Length);
            digest.Append(data.Span);
            metrics.BytesReceived.Add(data.Length);
        }
        if (digest.Size < size)
        {
            throw RpcErrors.InvalidArgument($"The upload ended after {digest.Size} of the {size} bytes its header declared.");
        }
        flusher.Stop();
        return digest.Finish();
    }

    /// <summary>Removes a partial file if it is still there; a failure to do so must not hide the error that led here.</summary>
    public static void TryDelete(string partialPath)
    {
        try
        {
            File.Delete(partialPath);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Left in the hidden staging folder, never in the shared folder.
        }
    }

    private static SafeFileHandle Create(string partialPath, long size)
    {
        try
        {
            // Reserving the declared size up front makes a full disk refuse the upload before its bytes are sent.
            return File.OpenHandle(partialPath, FileMode.CreateNew, FileAccess.Write, FileShare.None, FileOptions.Asynchronous, preallocationSize: size);
        }
        catch (IOException e) when (size > 0 && !StorageFailure.IsReadOnly(e)
            && e is not (FileNotFoundException or DirectoryNotFoundException or PathTooLongException))
        {
            // .NET reports a failed reservation (ENOSPC, EFBIG) as a plain IOException, without the errno.
            throw RpcErrors.ResourceExhausted($"No space left on the peer's disk for {size} bytes; nothing was stored.");
        }
    }
}
