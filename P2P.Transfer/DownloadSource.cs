using System.Diagnostics;
using System.Security.Cryptography;
using Grpc.Core;
using OpenTelemetry;
using P2P.Contracts.Maestro;
using P2P.Contracts.Transfer.V1;

namespace P2P.Transfer;

/// <summary>
/// One peer a download takes chunks from, over several concurrent streams. A source that sends a chunk whose hash
/// does not match the manifest is dropped for good; one that keeps failing (unreachable, stopped) is set aside, and
/// its chunks go back to the plan for the other sources.
/// </summary>
public sealed class DownloadSource(FileLocation location, FileTransfer.FileTransferClient client)
{
    /// <summary>A 1 MiB chunk takes milliseconds; a source this slow is treated as failed for that chunk.</summary>
    private static readonly TimeSpan s_chunkDeadline = TimeSpan.FromSeconds(30);
    private const int MaxFailures = 3;

    private int _chunks;
    private long _bytes;
    private int _failures;
    private volatile string _state = "active";
    private volatile string? _error;

    public string Id => location.Id;

    public string GrpcUrl => location.GrpcUrl;

    public bool IsUsable => _state == "active";

    public bool IsCorrupt => _state == "dropped";

    public SourceStatus ToStatus() => new(Id, GrpcUrl, _state, _chunks, Interlocked.Read(ref _bytes), _error);

    /// <summary>
    /// Fetches chunks over <paramref name="streams"/> streams until the plan is complete or this source is set aside,
    /// as one span: what a source did for a download (chunks, bytes, why it stopped) is the trace's level of detail.
    /// </summary>
    public async Task RunAsync(DownloadContext download, int streams, CancellationToken cancellationToken)
    {
        using var activity = TransferMetrics.ActivitySource.StartActivity("p2p.transfer.source");
        activity?.SetTag("p2p.source.id", Id);
        activity?.SetTag("p2p.source.grpc_url", GrpcUrl);
        activity?.SetTag("p2p.source.streams", streams);
        try
        {
            await Task.WhenAll(Enumerable.Range(0, streams).Select(_ => StreamAsync(download, cancellationToken)));
        }
        finally
        {
            activity?.SetTag("p2p.source.chunks", Volatile.Read(ref _chunks));
            activity?.SetTag("p2p.source.bytes", Interlocked.Read(ref _bytes));
            activity?.SetTag("p2p.source.state", _state);
            if (!IsUsable)
            {
                activity?.SetStatus(ActivityStatusCode.Error, _error);
            }
        }
    }

    private async Task StreamAsync(DownloadContext download, CancellationToken cancellationToken)
    {
        while (IsUsable && !download.Plan.IsComplete)
        {
            var buffer = await download.Buffers.RentAsync(cancellationToken);
            if (!download.Plan.TryTake(Id, out var chunk))
            {
                download.Buffers.Return(buffer);
                // Every remaining chunk is fetched twice already (the endgame) or waits for its write: wait for one to land or come back.
                await Task.Delay(TimeSpan.FromMilliseconds(10), download.Time, cancellationToken);
                continue;
            }

            var kept = false;
            try
            {
                kept = await FetchAsync(download, chunk, buffer, cancellationToken);
            }
            finally
            {
                if (kept)
                {
                    download.Store(chunk, buffer);
                }
                else
                {
                    download.Buffers.Return(buffer);
                }
            }
        }
    }

    /// <summary>Fetches and verifies one chunk; true when this source's copy is the one to keep (the caller hands it to the writer).</summary>
    private async Task<bool> FetchAsync(DownloadContext download, int chunk, ChunkBuffer buffer, CancellationToken cancellationToken)
    {
        var manifest = download.Manifest;
        var offset = manifest.OffsetOf(chunk);
        var length = manifest.LengthOf(chunk);
        var data = buffer.Memory[..length];
        try
        {
            // A call per chunk would be a span per MiB on each side: over 2,000 for a 1 GiB download, all of them work
            // for the peers and for the dashboard that ingests them. The call still carries this trace's context.
            using var untraced = SuppressInstrumentationScope.Begin();
            using var call = client.DownloadPieces(
                new DownloadRequest { FileName = manifest.File, Sha256 = manifest.Sha256, Offset = offset, Length = length },
                new CallOptions(deadline: download.Time.GetUtcNow().UtcDateTime + s_chunkDeadline, cancellationToken: cancellationToken));

            var filled = 0;
            await foreach (var piece in call.ResponseStream.ReadAllAsync(cancellationToken))
            {
                var fits = piece.Offset == offset + filled && filled + piece.Length <= length;
                if (fits)
                {
                    piece.Data.CopyTo(data.Span[filled..]);
                    filled += piece.Length;
                }
                piece.Return();
                if (!fits)
                {
                    Drop(download, chunk, $"sent bytes at offset {piece.Offset} outside the chunk [{offset}, {offset + length}) it was asked for");
                    return false;
                }
            }
            if (filled != length)
            {
                Fail(download, chunk, $"ended chunk {chunk} after {filled} of {length} bytes");
                return false;
            }
        }
        catch (RpcException e) when (!cancellationToken.IsCancellationRequested)
        {
            // Unavailable is a stopped or unreachable peer: set it aside at once, its chunks go to the others, and the
            // job's rediscovery gives it another chance if no source is left. Other errors get a few tries.
            Fail(download, chunk, $"{e.StatusCode}: {e.Status.Detail}",
                fatal: e.StatusCode is StatusCode.Unavailable or StatusCode.NotFound or StatusCode.FailedPrecondition or StatusCode.InvalidArgument);
            return false;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // The channel reports a passed deadline as a cancellation: a source that went silent (e.g. killed behind a proxy
            // that keeps the connection open) must be set aside like any failed source, not end the whole download.
            Fail(download, chunk, $"DeadlineExceeded: sent no complete chunk {chunk} within {s_chunkDeadline.TotalSeconds} s", fatal: true);
            return false;
        }
        catch (OperationCanceledException)
        {
            download.Plan.Release(chunk, Id);
            throw;
        }

        if (!SHA256.HashData(data.Span).AsSpan().SequenceEqual(manifest.HashOf(chunk)))
        {
            download.Metrics.ChunksRejected.Add(1);
            Drop(download, chunk, $"sent chunk {chunk} with a SHA-256 that does not match the manifest");
            return false;
        }

        if (!download.Plan.Receive(chunk, Id))
        {
            // The endgame: another source's copy is already kept.
            return false;
        }
        Interlocked.Increment(ref _chunks);
        Interlocked.Add(ref _bytes, length);
        _failures = 0;
        return true;
    }

    private void Drop(DownloadContext download, int chunk, string why)
    {
        _state = "dropped";
        _error = why;
        download.Plan.Release(chunk, Id);
    }

    private void Fail(DownloadContext download, int chunk, string why, bool fatal = false)
    {
        _error = why;
        download.Plan.Release(chunk, Id);
        if (fatal || Interlocked.Increment(ref _failures) >= MaxFailures)
        {
            _state = "failed";
        }
    }
}
