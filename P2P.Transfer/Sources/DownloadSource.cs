using System.Diagnostics;
using System.Security.Cryptography;
using Grpc.Core;
using OpenTelemetry;
using P2P.Contracts.Maestro;
using P2P.Contracts.Transfer.V1;
using P2P.Transfer.Buffers;
using P2P.Transfer.Planning;
using P2P.Transfer.Telemetry;

namespace P2P.Transfer.Sources;

/// <summary>
/// One peer a download takes chunks from, over one or more concurrent streams. A source that sends a chunk whose hash
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
    private static int s_sources;

    /// <summary>This source's name in the plan: its own, since a remote party can claim any peer id, another source's too.</summary>
    private readonly string _key = "source-" + Interlocked.Increment(ref s_sources);

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
    /// Fetches chunks over <paramref name="streams"/> streams, in runs of up to <paramref name="chunksPerRun"/>
    /// consecutive ones, until the plan is complete or this source is set aside, as one span: what a source did for a
    /// download (chunks, bytes, why it stopped) is the trace's level of detail. A stream is one <c>Fetch</c> call for the
    /// whole download and a run one request on it: a call per run cost both peers a new HTTP/2 stream and the server's
    /// per-request pipeline, about 0.4 ms of CPU each (256 calls for 1 GiB from two sources); verification, the endgame
    /// and resume stay per chunk.
    /// </summary>
    public async Task RunAsync(DownloadContext download, int streams, int chunksPerRun, CancellationToken cancellationToken)
    {
        using var activity = TransferMetrics.ActivitySource.StartActivity("p2p.transfer.source");
        activity?.SetTag("p2p.source.id", Id);
        activity?.SetTag("p2p.source.grpc_url", GrpcUrl);
        activity?.SetTag("p2p.source.streams", streams);
        try
        {
            await Task.WhenAll(Enumerable.Range(0, streams).Select(_ => StreamAsync(download, chunksPerRun, cancellationToken)));
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

    /// <summary>One stream: a <c>Fetch</c> call for the whole download, and another after a failure this source may retry.</summary>
    private async Task StreamAsync(DownloadContext download, int chunksPerRun, CancellationToken cancellationToken)
    {
        while (IsUsable && !download.Plan.IsComplete)
        {
            await FetchAsync(download, chunksPerRun, cancellationToken);
        }
    }

    /// <summary>
    /// One <c>Fetch</c> call, asking for runs of up to <paramref name="chunksPerRun"/> consecutive chunks, the next run
    /// asked for before the current one has arrived, so the source never waits for a request and no call is set up per
    /// run. Each chunk is verified and handed over as soon as its bytes are in, so a stream holds one chunk buffer at a
    /// time. Ends when the plan is complete, or the call fails; the chunks asked for and not received go back to the plan.
    /// </summary>
    private async Task FetchAsync(DownloadContext download, int chunksPerRun, CancellationToken cancellationToken)
    {
        var manifest = download.Manifest;
        var asked = new Queue<ChunkRun>();
        var chunk = 0;
        var position = 0L;
        ChunkBuffer? filling = null;
        var filled = 0;
        // The source's time on the chunk it is sending: waits for its messages only, so a drip of bytes cannot hold it.
        var waited = TimeSpan.Zero;
        try
        {
            // Not traced (see ChunkReadTracing): the source's span stands for the call, which still carries its context.
            using var untraced = SuppressInstrumentationScope.Begin();
            using var call = client.FetchPieces(new CallOptions(cancellationToken: cancellationToken));
            // Ends a wait for the source's next piece (which ends the call): armed only while this peer waits, on the
            // download's clock, and fired at once when the download completes.
            using var silence = new CancellationTokenSource(Timeout.InfiniteTimeSpan, download.Time);
            using var completed = download.Complete.UnsafeRegister(static s => ((CancellationTokenSource)s!).Cancel(), silence);
            while (IsUsable && !download.Plan.IsComplete)
            {
                while (asked.Count < DownloadContext.RunsInFlight && download.Plan.TryTake(_key, chunksPerRun, out var run))
                {
                    if (asked.Count == 0)
                    {
                        (chunk, position) = (run.First, manifest.OffsetOf(run.First));
                    }
                    asked.Enqueue(run);
                    var start = manifest.OffsetOf(run.First);
                    await call.RequestStream.WriteAsync(
                        new DownloadRequest { FileName = manifest.File, Sha256 = manifest.Sha256, Offset = start, Length = manifest.EndOf(run) - start },
                        cancellationToken);
                }
                if (asked.Count == 0)
                {
                    // Every remaining chunk is fetched twice already (the endgame) or waits for its write: wait for one to land or come back.
                    await Task.Delay(TimeSpan.FromMilliseconds(10), download.Time, cancellationToken);
                    continue;
                }

                var current = asked.Peek();
                silence.CancelAfter(s_silenceLimit - waited);
                var waitStarted = download.Time.GetTimestamp();
                if (!await call.ResponseStream.MoveNext(silence.Token))
                {
                    Fail($"ended the call with chunks [{chunk}, {current.End}) asked for and not sent");
                    return;
                }
                // Waiting for a buffer or a request is this peer's delay, not the source's silence.
                silence.CancelAfter(Timeout.InfiniteTimeSpan);
                waited += download.Time.GetElapsedTime(waitStarted);
                using var piece = call.ResponseStream.Current;
                var end = manifest.EndOf(current);
                if (piece.Length == 0)
                {
                    Drop("sent an empty message, which moves nothing forward");
                    return;
                }
                if (piece.Offset != position || piece.Length > end - position)
                {
                    Drop($"sent bytes at offset {piece.Offset} outside the range [{manifest.OffsetOf(current.First)}, {end}) it was asked for, at {position}");
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
                    waited = TimeSpan.Zero;
                    chunk++;
                }
                position += piece.Length;
                if (chunk == current.End)
                {
                    asked.Dequeue();
                    if (asked.TryPeek(out var next))
                    {
                        (chunk, position) = (next.First, manifest.OffsetOf(next.First));
                    }
                }
            }
            if (asked.Count == 0)
            {
                // Nothing more to ask: the source ends the call once it has sent what was asked, which is all here.
                await call.RequestStream.CompleteAsync();
                using var ending = new CancellationTokenSource(s_silenceLimit, download.Time);
                if (await call.ResponseStream.MoveNext(ending.Token))
                {
                    call.ResponseStream.Current.Dispose();
                    Drop("sent bytes after every range it was asked for");
                }
            }
        }
        catch (Exception) when (download.Complete.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            // Every chunk is in, some of this source's from another in the endgame: nothing is left to wait for.
        }
        catch (RpcException e) when (!cancellationToken.IsCancellationRequested)
        {
            // Unavailable is a stopped or unreachable peer: set it aside at once, its chunks go to the others, and the
            // job's rediscovery gives it another chance if no source is left. Other errors get a few tries.
            Fail($"{e.StatusCode}: {RemoteText.Quote(e.Status.Detail)}",
                fatal: e.StatusCode is StatusCode.Unavailable or StatusCode.NotFound or StatusCode.FailedPrecondition or StatusCode.InvalidArgument);
        }
        catch (Exception e) when (cancellationToken.IsCancellationRequested && e is not OperationCanceledException)
        {
            // Cancelled in the middle of a read, a call can end as Unavailable ("the request was aborted") or a
            // transport error rather than Cancelled: the download was cancelled, and must end as cancelled, not as failed.
            throw new OperationCanceledException(cancellationToken);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // A source that went silent (e.g. killed behind a proxy that keeps the connection open), or that drips its
            // bytes, must be set aside like any failed source, not end the whole download.
            Fail(filled > 0
                ? $"DeadlineExceeded: sent {filled} bytes of chunk {chunk} in {s_silenceLimit.TotalSeconds} s of waiting, too slow to keep"
                : $"DeadlineExceeded: sent nothing for {s_silenceLimit.TotalSeconds} s while sending chunk {chunk}", fatal: true);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            // Whatever else a source's call throws (a reset connection surfaces as an IOException or an
            // HttpRequestException, a malformed message as InvalidDataException) is that source failing, not the download.
            Fail($"{e.GetType().Name}: {RemoteText.Quote(e.Message)}", fatal: true);
        }
        finally
        {
            if (filling is not null)
            {
                download.Buffers.Return(filling);
            }
            // The run arriving was delivered up to the current chunk; the runs after it not at all.
            var arriving = true;
            foreach (var run in asked)
            {
                for (var undelivered = arriving ? chunk : run.First; undelivered < run.End; undelivered++)
                {
                    download.Plan.Release(undelivered, _key);
                }
                arriving = false;
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
        if (download.Plan.Receive(chunk, _key))
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
