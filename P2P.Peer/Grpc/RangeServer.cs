using System.Buffers;
using Google.Protobuf;
using Grpc.Core;
using Microsoft.Win32.SafeHandles;
using P2P.Contracts.Transfer.V1;
using P2P.Peer.Files;
using P2P.Peer.Swarm;
using P2P.Transfer.Telemetry;

namespace P2P.Peer.Grpc;

/// <summary>
/// Serves ranges of a version (<c>Download</c>, one range; <c>Fetch</c>, many over one call): of a shared file, or of
/// the verified chunks of a partial. With swarming on, each call holds its downloader's upload slot for the file, and
/// a call whose slot rotates ends at a range boundary with RESOURCE_EXHAUSTED.
/// </summary>
public sealed class RangeServer(
    ServedFiles files, SharedFolder folder, TransferMetrics metrics, SwarmMetrics swarmMetrics, SentCounts sent, IdleLimits idle,
    ILogger<RangeServer> logger, UploadSlots? slots = null)
{
    public async Task DownloadAsync(DownloadRequest request, IServerStreamWriter<FileChunk> responseStream, ServerCallContext context)
    {
        var version = files.Version(request.FileName, request.Sha256);
        var length = RangeLength(request.Offset, request.Length, version.Size);
        version.CheckHeld(request.Offset, length);
        using var slot = TakeSlot(version, context);

        metrics.ActiveTransfers.Add(1);
        try
        {
            using var handle = version.Open(folder);
            await SendAsync(handle, version, request.Offset, length, responseStream, context.CancellationToken);
        }
        finally
        {
            metrics.ActiveTransfers.Add(-1);
        }
        if (version.Partial is not null)
        {
            logger.PartialServed(version.Name, 1, length, context.Peer);
        }
        else
        {
            logger.DownloadServed(version.Name, request.Offset, length, context.Peer);
        }
    }

    public async Task FetchAsync(
        IAsyncStreamReader<DownloadRequest> callerStream, IServerStreamWriter<FileChunk> responseStream, ServerCallContext context)
    {
        var cancellationToken = context.CancellationToken;
        using var requestStream = idle.Limit(callerStream);
        if (!await requestStream.MoveNext(cancellationToken))
        {
            return;
        }
        var first = requestStream.Current;
        var version = files.Version(first.FileName, first.Sha256);
        using var slot = TakeSlot(version, context);

        metrics.ActiveTransfers.Add(1);
        var ranges = 0;
        long served = 0;
        try
        {
            // One open file for the whole call: the ranges are of the version checked when it was opened.
            using var handle = version.Open(folder);
            do
            {
                var request = requestStream.Current;
                if (request.FileName != first.FileName || request.Sha256 != first.Sha256)
                {
                    throw RpcErrors.InvalidArgument(
                        $"Every range of a Fetch call is of the file and version its first request named ('{first.FileName}', sha256 '{first.Sha256}'); " +
                        $"this one names '{request.FileName}', sha256 '{request.Sha256}'. Start another call for another file.");
                }
                if (ranges > 0 && slot?.MustYield() == true)
                {
                    swarmMetrics.SlotRotations.Add(1);
                    logger.SlotRotated(version.Name, slot.Downloader);
                    throw RpcErrors.ResourceExhausted(
                        $"slot rotated: a downloader has waited for '{version.Name}' while this call held its upload slot for " +
                        $"{UploadSlots.Turn.TotalSeconds:0} s; ask another holder, or this one again later.");
                }
                var length = RangeLength(request.Offset, request.Length, version.Size);
                version.CheckHeld(request.Offset, length);
                await SendAsync(handle, version, request.Offset, length, responseStream, cancellationToken);
                ranges++;
                served += length;
            }
            while (await requestStream.MoveNext(cancellationToken));
        }
        finally
        {
            metrics.ActiveTransfers.Add(-1);
        }
        if (version.Partial is not null)
        {
            logger.PartialServed(version.Name, ranges, served, context.Peer);
        }
        else
        {
            logger.FetchServed(version.Name, ranges, served, context.Peer);
        }
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

    /// <summary>The downloader's upload slot for the version (null with swarming off: no per-file limit); refused at once when busy.</summary>
    private UploadSlot? TakeSlot(ServedVersion version, ServerCallContext context)
    {
        if (slots is null)
        {
            return null;
        }
        var downloader = CallerIdentity.Key(context);
        if (slots.TryTake(version.Sha256, downloader, out var served) is { } slot)
        {
            return slot;
        }
        swarmMetrics.BusyRefusals.Add(1);
        logger.SlotsBusy(context.Method, version.Name, downloader, served);
        throw RpcErrors.ResourceExhausted($"busy: {served} downloaders are served '{version.Name}' here; try another holder.");
    }

    private async Task SendAsync(
        SafeFileHandle handle, ServedVersion version, long offset, long length, IServerStreamWriter<FileChunk> responseStream,
        CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(FileTransferService.MaxMessageBytes);
        try
        {
            var end = offset + length;
            for (var position = offset; position < end;)
            {
                // A plain read on this thread: on Linux an "asynchronous" file read is this same blocking read, only
                // queued to another pool thread first, which cost a thread hop per message.
                var read = RandomAccess.Read(handle, buffer.AsSpan(0, (int)Math.Min(FileTransferService.MaxMessageBytes, end - position)), position);
                version.CheckStillHeld();
                if (read == 0)
                {
                    throw RpcErrors.ChangedSinceScan(version.Name);
                }
                // No copy: WriteAsync serialises the message before it completes, so the buffer is free again afterwards.
                var message = new FileChunk { Offset = position, Data = UnsafeByteOperations.UnsafeWrap(buffer.AsMemory(0, read)) };
                await responseStream.WriteAsync(message, cancellationToken);
                metrics.BytesSent.Add(read);
                if (version.Partial is not null)
                {
                    swarmMetrics.PartialBytesSent.Add(read);
                }
                position += read;
            }
            if (length > 0 && version.Partial is null)
            {
                var (first, endChunk) = version.ChunksOf(offset, length);
                sent.Sent(version.Sha256, version.ChunkCount, first, endChunk);
            }
        }
        catch (IOException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw RpcErrors.Unavailable($"'{version.Name}' could not be read: {e.Message}");
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
