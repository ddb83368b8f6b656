using System.Buffers;
using Google.Protobuf;
using Grpc.Core;
using Microsoft.Extensions.Options;
using Microsoft.Win32.SafeHandles;
using P2P.Contracts.Files;
using P2P.Contracts.Transfer.V1;
using P2P.Peer.Files;
using P2P.Transfer;
using P2P.Transfer.Storage;
using P2P.Transfer.Telemetry;

namespace P2P.Peer.Grpc;

/// <summary>
/// The peer's gRPC transfer server (<c>p2p.transfer.v1.FileTransfer</c>): manifests and ranged reads of the files in its
/// catalog, and verified uploads that reach the shared folder only through the staging area (FileTransferService.Upload.cs).
/// </summary>
public sealed partial class FileTransferService(
    FileCatalog catalog, SharedFolder folder, UploadIntake uploads, TransferMetrics metrics, IOptions<PeerOptions> options,
    TimeProvider time, ILogger<FileTransferService> logger)
    : FileTransfer.FileTransferBase
{
    /// <summary>
    /// A quarter of a chunk: every message costs a file read, a flush and a wake-up on each side, so messages are large;
    /// neither larger nor smaller ones were faster (bench/results.md).
    /// </summary>
    public const int MaxMessageBytes = 256 * 1024;

    public override Task<FileManifest> GetManifest(GetManifestRequest request, ServerCallContext context) =>
        Task.FromResult(ToManifest(FindShared(request.FileName)));

    public override async Task Download(DownloadRequest request, IServerStreamWriter<FileChunk> responseStream, ServerCallContext context)
    {
        var file = FindVersion(request);
        var length = RangeLength(request.Offset, request.Length, file.Size);

        metrics.ActiveTransfers.Add(1);
        try
        {
            using var handle = OpenUnchanged(file);
            await SendAsync(handle, file.Name, request.Offset, length, responseStream, context.CancellationToken);
        }
        finally
        {
            metrics.ActiveTransfers.Add(-1);
        }
        logger.DownloadServed(file.Name, request.Offset, length, context.Peer);
    }

    public override async Task Fetch(IAsyncStreamReader<DownloadRequest> callerStream, IServerStreamWriter<FileChunk> responseStream, ServerCallContext context)
    {
        var cancellationToken = context.CancellationToken;
        using var requestStream = IdleLimited(callerStream);
        if (!await requestStream.MoveNext(cancellationToken))
        {
            return;
        }
        var first = requestStream.Current;
        var file = FindVersion(first);

        metrics.ActiveTransfers.Add(1);
        var ranges = 0;
        long served = 0;
        try
        {
            // One open file for the whole call: the ranges are of the version checked when it was opened.
            using var handle = OpenUnchanged(file);
            do
            {
                var request = requestStream.Current;
                if (request.FileName != first.FileName || request.Sha256 != first.Sha256)
                {
                    throw RpcErrors.InvalidArgument(
                        $"Every range of a Fetch call is of the file and version its first request named ('{first.FileName}', sha256 '{first.Sha256}'); " +
                        $"this one names '{request.FileName}', sha256 '{request.Sha256}'. Start another call for another file.");
                }
                var length = RangeLength(request.Offset, request.Length, file.Size);
                await SendAsync(handle, file.Name, request.Offset, length, responseStream, cancellationToken);
                ranges++;
                served += length;
            }
            while (await requestStream.MoveNext(cancellationToken));
        }
        finally
        {
            metrics.ActiveTransfers.Add(-1);
        }
        logger.FetchServed(file.Name, ranges, served, context.Peer);
    }

    private IdleLimitedReader<T> IdleLimited<T>(IAsyncStreamReader<T> callerStream)
        where T : class =>
        new(callerStream, TimeSpan.FromSeconds(options.Value.FetchIdleSeconds), time);

    private SharedFile FindShared(string name)
    {
        if (SharedFileName.Validate(name) is { } error)
        {
            throw RpcErrors.InvalidArgument(error);
        }
        return catalog.Find(name) ?? throw RpcErrors.NotShared(name);
    }

    /// <summary>The shared file a request names, refused when the caller expects another version of it.</summary>
    private SharedFile FindVersion(DownloadRequest request)
    {
        var file = FindShared(request.FileName);
        if (request.Sha256.Length > 0 && !string.Equals(request.Sha256, file.Sha256, StringComparison.OrdinalIgnoreCase))
        {
            throw RpcErrors.FailedPrecondition($"The peer's copy of '{file.Name}' is a different version: sha256 {file.Sha256}, not {request.Sha256}.");
        }
        return file;
    }

    private static FileManifest ToManifest(SharedFile file)
    {
        var manifest = new FileManifest { FileName = file.Name, Size = file.Size, Sha256 = file.Sha256, ChunkSize = ChunkLayout.ChunkSize };
        for (var at = 0; at < file.ChunkHashes.Length; at += ChunkLayout.HashSize)
        {
            manifest.ChunkSha256.Add(ByteString.CopyFrom(file.ChunkHashes, at, ChunkLayout.HashSize));
        }
        return manifest;
    }

    /// <summary>The number of bytes to send for [offset, offset + length), where a length of 0 means "to the end".</summary>
    private static long RangeLength(long offset, long length, long size)
    {
        if (offset < 0 || length < 0)
        {
            throw RpcErrors.OutOfRange($"offset ({offset}) and length ({length}) cannot be negative.");
        }
        if (offset > size || length > size - offset)
        {
            throw RpcErrors.OutOfRange($"The range at offset {offset} of length {length} goes past the end of the file ({size} bytes).");
        }
        return length == 0 ? size - offset : length;
    }

    /// <summary>Opens the file the catalog describes through the shared folder's gate, refusing when it is no longer that file.</summary>
    private SafeFileHandle OpenUnchanged(SharedFile file)
    {
        SafeFileHandle handle;
        try
        {
            handle = folder.OpenServable(file.Name);
        }
        catch (NotServableException e)
        {
            throw RpcErrors.PermissionDenied(e.Message);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw RpcErrors.NotFound($"'{file.Name}' was removed since it was scanned.");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw RpcErrors.Unavailable($"'{file.Name}' cannot be read now: {e.Message}");
        }

        if (RandomAccess.GetLength(handle) != file.Size || new DateTimeOffset(File.GetLastWriteTimeUtc(handle), TimeSpan.Zero) != file.LastWriteUtc)
        {
            handle.Dispose();
            throw RpcErrors.ChangedSinceScan(file.Name);
        }
        return handle;
    }

    private async Task SendAsync(SafeFileHandle handle, string name, long offset, long length, IServerStreamWriter<FileChunk> responseStream, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(MaxMessageBytes);
        try
        {
            var end = offset + length;
            for (var position = offset; position < end;)
            {
                // A plain read on this thread: on Linux an "asynchronous" file read is this same blocking read, only
                // queued to another pool thread first, which cost a thread hop per message.
                var read = RandomAccess.Read(handle, buffer.AsSpan(0, (int)Math.Min(MaxMessageBytes, end - position)), position);
                if (read == 0)
                {
                    throw RpcErrors.ChangedSinceScan(name);
                }
                // No copy: WriteAsync serialises the message before it completes, so the buffer is free again afterwards.
                var chunk = new FileChunk { Offset = position, Data = UnsafeByteOperations.UnsafeWrap(buffer.AsMemory(0, read)) };
                await responseStream.WriteAsync(chunk, cancellationToken);
                metrics.BytesSent.Add(read);
                position += read;
            }
        }
        catch (IOException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw RpcErrors.Unavailable($"'{name}' could not be read: {e.Message}");
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
