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
    /// <summary>
    /// A message takes milliseconds; a source that sends nothing for this long in a call is treated as failed. A silence
    /// limit rather than a deadline for the whole call, since a call may carry up to 32 MiB from a slow peer.
    /// </summary>
    private static readonly TimeSpan s_silenceLimit = TimeSpan.FromSeconds(30);
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
    /// Fetches chunks over <paramref name="streams"/> streams, up to <paramref name="chunksPerCall"/> consecutive ones
    /// per call, until the plan is complete or this source is set aside, as one span: what a source did for a download
    /// (chunks, bytes, why it stopped) is the trace's level of detail. Each call costs both peers a new HTTP/2 stream
    /// and the server's per-request pipeline (in a 1 GiB download, calls of 4 chunks instead of 1 took a quarter of the
    /// source's CPU off); verification, the endgame and resume stay per chunk.
    /// </summary>
    public async Task RunAsync(DownloadContext download, int streams, int chunksPerCall, CancellationToken cancellationToken)
    {
        using var activity = TransferMetrics.ActivitySource.StartActivity("p2p.transfer.source");
        activity?.SetTag("p2p.source.id", Id);
        activity?.SetTag("p2p.source.grpc_url", GrpcUrl);
        activity?.SetTag("p2p.source.streams", streams);
        try
        {
            await Task.WhenAll(Enumerable.Range(0, streams).Select(_ => StreamAsync(download, chunksPerCall, cancellationToken)));
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

    private async Task StreamAsync(DownloadContext download, int chunksPerCall, CancellationToken cancellationToken)
    {
        while (IsUsable && !download.Plan.IsComplete)
        {
            var buffer = await download.Buffers.RentAsync(cancellationToken);
            if (!download.Plan.TryTake(Id, chunksPerCall, out var run))
            {
                download.Buffers.Return(buffer);
                // Every remaining chunk is fetched twice already (the endgame) or waits for its write: wait for one to land or come back.
                await Task.Delay(TimeSpan.FromMilliseconds(10), download.Time, cancellationToken);
                continue;
            }
            await FetchAsync(download, run, buffer, cancellationToken);
        }
    }

    /// <summary>
    /// Fetches a run of chunks in one call, verifying and handing over each chunk as soon as its bytes are in, so a
    /// stream holds one chunk buffer at a time (<paramref name="buffer"/>, the first). The chunks the call did not
    /// deliver go back to the plan.
    /// </summary>
    private async Task FetchAsync(DownloadContext download, ChunkRun run, ChunkBuffer buffer, CancellationToken cancellationToken)
    {
        var manifest = download.Manifest;
        var start = manifest.OffsetOf(run.First);
        var end = manifest.OffsetOf(run.End - 1) + manifest.LengthOf(run.End - 1);
        var chunk = run.First;
        ChunkBuffer? filling = buffer;
        var filled = 0;
        try
        {
            // A span per call on each side would be over 500 for a 1 GiB download, all of them work for the peers and
            // for the dashboard that ingests them. The call still carries this trace's context.
            using var untraced = SuppressInstrumentationScope.Begin();
            using var silence = new CancellationTokenSource(s_silenceLimit, download.Time);
            using var stopped = cancellationToken.UnsafeRegister(static s => ((CancellationTokenSource)s!).Cancel(), silence);
            using var call = client.DownloadPieces(
                new DownloadRequest { FileName = manifest.File, Sha256 = manifest.Sha256, Offset = start, Length = end - start },
                new CallOptions(cancellationToken: silence.Token));

            var position = start;
            await foreach (var piece in call.ResponseStream.ReadAllAsync(silence.Token))
            {
                using var received = piece;
                // Waiting here for a buffer is this peer's delay, not the source's silence.
                silence.CancelAfter(Timeout.InfiniteTimeSpan);
                if (piece.Offset != position || piece.Length > end - position)
                {
                    Drop($"sent bytes at offset {piece.Offset} outside the range [{start}, {end}) it was asked for, at {position}");
                    return;
                }
                for (var taken = 0; taken < piece.Length;)
                {
                    filling ??= await download.Buffers.RentAsync(cancellationToken);
                    var length = manifest.LengthOf(chunk);
                    var copied = Math.Min(length - filled, piece.Length - taken);
                    piece.Data.Slice(taken, copied).CopyTo(filling.Memory.Span[filled..]);
                    taken += copied;
                    filled += copied;
                    if (filled < length)
                    {
                        continue;
                    }
                    if (!Keep(download, chunk, filling))
                    {
                        return;
                    }
                    filling = null;
                    filled = 0;
                    chunk++;
                }
                position += piece.Length;
                silence.CancelAfter(s_silenceLimit);
            }
            if (chunk < run.End)
            {
                Fail($"ended the call for chunks [{run.First}, {run.End}) after {position - start} of {end - start} bytes");
            }
        }
        catch (RpcException e) when (!cancellationToken.IsCancellationRequested)
        {
            // Unavailable is a stopped or unreachable peer: set it aside at once, its chunks go to the others, and the
            // job's rediscovery gives it another chance if no source is left. Other errors get a few tries.
            Fail($"{e.StatusCode}: {e.Status.Detail}",
                fatal: e.StatusCode is StatusCode.Unavailable or StatusCode.NotFound or StatusCode.FailedPrecondition or StatusCode.InvalidArgument);
        }
        catch (RpcException) when (cancellationToken.IsCancellationRequested)
        {
            // Cancelled in the middle of a read, a call can end as Unavailable ("the request was aborted") rather than
            // Cancelled: the download was cancelled, and must end as cancelled, not as failed.
            throw new OperationCanceledException(cancellationToken);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // A source that went silent (e.g. killed behind a proxy that keeps the connection open) must be set aside
            // like any failed source, not end the whole download.
            Fail($"DeadlineExceeded: sent nothing for {s_silenceLimit.TotalSeconds} s while sending chunk {chunk}", fatal: true);
        }
        finally
        {
            if (filling is not null)
            {
                download.Buffers.Return(filling);
            }
            for (var undelivered = chunk; undelivered < run.End; undelivered++)
            {
                download.Plan.Release(undelivered, Id);
            }
        }
    }

    /// <summary>
    /// Verifies a chunk whose bytes are all in and hands it to the writer, taking its buffer; false when the source
    /// sent a chunk that does not match the manifest and is dropped (the buffer is then still the caller's).
    /// </summary>
    private bool Keep(DownloadContext download, int chunk, ChunkBuffer buffer)
    {
        var manifest = download.Manifest;
        var data = buffer.Memory.Span[..manifest.LengthOf(chunk)];
        if (!SHA256.HashData(data).AsSpan().SequenceEqual(manifest.HashOf(chunk)))
        {
            download.Metrics.ChunksRejected.Add(1);
            Drop($"sent chunk {chunk} with a SHA-256 that does not match the manifest");
            return false;
        }
        if (download.Plan.Receive(chunk, Id))
        {
            Interlocked.Increment(ref _chunks);
            Interlocked.Add(ref _bytes, data.Length);
            _failures = 0;
            download.Store(chunk, buffer);
        }
        else
        {
            // The endgame: another source's copy is already kept.
            download.Buffers.Return(buffer);
        }
        return true;
    }

    private void Drop(string why)
    {
        _state = "dropped";
        _error = why;
    }

    private void Fail(string why, bool fatal = false)
    {
        _error = why;
        if (fatal || Interlocked.Increment(ref _failures) >= MaxFailures)
        {
            _state = "failed";
        }
    }
}
