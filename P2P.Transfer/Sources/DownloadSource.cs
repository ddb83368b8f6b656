using System.Diagnostics;
using System.Security.Cryptography;
using Grpc.Core;
using OpenTelemetry;
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
public sealed class DownloadSource(SourceAddress address, FileTransfer.FileTransferClient client)
{
    /// <summary>
    /// A message takes milliseconds; a source that keeps this peer waiting this long for one chunk is treated as failed.
    /// A budget per chunk rather than a deadline for the whole call, since a call may carry up to 32 MiB from a slow peer.
    /// </summary>
    private static readonly TimeSpan s_silenceLimit = TimeSpan.FromSeconds(30);
    private static int s_sources;

    /// <summary>This source's name in the plan: its own, since a remote party can claim any peer id, another source's too.</summary>
    private readonly string _key = "source-" + Interlocked.Increment(ref s_sources);

    private readonly SourceHealth _health = new();

    public string Id => address.Id;

    public string GrpcUrl => address.GrpcUrl;

    public bool IsUsable => _health.State == SourceState.Active;

    public bool IsCorrupt => _health.State == SourceState.Dropped;

    public SourceStatus ToStatus() => new(Id, GrpcUrl, _health.State, _health.Chunks, _health.Bytes, _health.Error);

    /// <summary>
    /// Fetches chunks over <paramref name="streams"/> streams, in runs of up to <paramref name="chunksPerRun"/>
    /// consecutive ones, until the plan is complete or this source is set aside, as one span: what a source did for a
    /// download (chunks, bytes, why it stopped) is the trace's level of detail. A stream is one <c>Fetch</c> call for the
    /// whole download and a run one request on it, since a call per run costs both peers a new HTTP/2 stream.
    /// </summary>
    public async Task RunAsync(DownloadContext download, int streams, int chunksPerRun, CancellationToken cancellationToken)
    {
        using var activity = TransferMetrics.ActivitySource.StartActivity("p2p.transfer.source");
        activity?.DisplayName = $"fetch {download.Manifest.File} from {Id}";
        activity?.SetTag("p2p.source.id", Id);
        activity?.SetTag("p2p.source.grpc_url", GrpcUrl);
        activity?.SetTag("p2p.source.streams", streams);
        try
        {
            await Task.WhenAll(Enumerable.Range(0, streams).Select(_ => StreamAsync(download, chunksPerRun, cancellationToken)));
        }
        finally
        {
            activity?.SetTag("p2p.source.chunks", _health.Chunks);
            activity?.SetTag("p2p.source.bytes", _health.Bytes);
            activity?.SetTag("p2p.source.state", _health.State.ToString().ToLowerInvariant());
            if (!IsUsable)
            {
                activity?.SetStatus(ActivityStatusCode.Error, _health.Error);
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
    /// One <c>Fetch</c> call. Ends when the plan is complete, or the call fails; the chunks asked for and not received
    /// go back to the plan, and the error (unless the download itself was cancelled) is held against this source.
    /// </summary>
    private async Task FetchAsync(DownloadContext download, int chunksPerRun, CancellationToken cancellationToken)
    {
        var asked = new AskedRuns(download.Manifest);
        using var assembly = new ChunkAssembly(download.Buffers);
        try
        {
            // Not traced (see ChunkReadTracing): the source's span stands for the call, which still carries its context.
            using var untraced = SuppressInstrumentationScope.Begin();
            using var call = client.FetchPieces(new CallOptions(cancellationToken: cancellationToken));
            // Fired at once when the download completes, so that no stream waits for chunks another source has landed.
            using var budget = new WaitBudget(s_silenceLimit, download.Time, download.Complete);
            if (await ReceiveAsync(download, call, new Fetch(asked, assembly, budget), chunksPerRun, cancellationToken) && asked.Count == 0)
            {
                await EndAsync(call, download.Time);
            }
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            // Every chunk in (some of this source's from another in the endgame) leaves nothing to wait for: no failure.
            if (!download.Complete.IsCancellationRequested)
            {
                _health.Fail(FetchFailure.Of(e, asked.Chunk, assembly.Filled, s_silenceLimit));
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Cancelled mid-read, a call can end as Unavailable or a transport error: the download must end as cancelled.
            throw new OperationCanceledException(cancellationToken);
        }
        finally
        {
            foreach (var chunk in asked.Undelivered())
            {
                download.Plan.Release(chunk, _key);
            }
        }
    }

    /// <summary>
    /// Asks for runs, the next before the current one has arrived so the source never waits for a request, and takes in
    /// what the source sends; false when the source was set aside meanwhile, true when this stream has nothing left to do.
    /// </summary>
    private async Task<bool> ReceiveAsync(
        DownloadContext download, AsyncDuplexStreamingCall<DownloadRequest, ReceivedPiece> call, Fetch fetch, int chunksPerRun, CancellationToken cancellationToken)
    {
        while (IsUsable && !download.Plan.IsComplete)
        {
            await AskAsync(download, call.RequestStream, fetch.Asked, chunksPerRun, cancellationToken);
            if (fetch.Asked.Count == 0)
            {
                // Every remaining chunk is fetched twice already (the endgame) or waits for its write: wait for one to land or come back.
                await Task.Delay(TimeSpan.FromMilliseconds(10), download.Time, cancellationToken);
                continue;
            }
            var arrived = await call.ResponseStream.MoveNext(fetch.Budget.Start());
            // Waiting for a buffer or a request is this peer's delay, not the source's silence.
            fetch.Budget.Stop();
            if (!arrived)
            {
                _health.Fail(new FetchFailure($"ended the call with chunks [{fetch.Asked.Chunk}, {fetch.Asked.Oldest.End}) asked for and not sent", false));
                return false;
            }
            using var piece = call.ResponseStream.Current;
            if (!await TakeAsync(download, piece, fetch, cancellationToken))
            {
                return false;
            }
        }
        return true;
    }

    private async Task AskAsync(
        DownloadContext download, IClientStreamWriter<DownloadRequest> requests, AskedRuns asked, int chunksPerRun, CancellationToken cancellationToken)
    {
        var manifest = download.Manifest;
        while (asked.Count < DownloadContext.RunsInFlight && download.Plan.TryTake(_key, chunksPerRun, out var run))
        {
            asked.Add(run);
            var start = manifest.OffsetOf(run.First);
            await requests.WriteAsync(
                new DownloadRequest { FileName = manifest.File, Sha256 = manifest.Sha256, Offset = start, Length = manifest.EndOf(run) - start },
                cancellationToken);
        }
    }

    /// <summary>
    /// Takes one message's bytes into chunks, each verified and handed over as soon as it is full, so a stream holds one
    /// chunk buffer at a time; false when the source is dropped for what it sent.
    /// </summary>
    private async Task<bool> TakeAsync(DownloadContext download, ReceivedPiece piece, Fetch fetch, CancellationToken cancellationToken)
    {
        if (piece.Length == 0)
        {
            _health.Drop("sent an empty message, which moves nothing forward");
            return false;
        }
        if (fetch.Asked.Accept(piece.Offset, piece.Length) is { } misplaced)
        {
            _health.Drop(misplaced);
            return false;
        }
        for (var taken = 0; taken < piece.Length;)
        {
            var length = download.Manifest.LengthOf(fetch.Asked.Chunk);
            taken += await fetch.Assembly.FillAsync(piece.Memory[taken..], length, cancellationToken);
            if (fetch.Assembly.Filled < length)
            {
                continue;
            }
            if (!Keep(download, fetch.Asked.Chunk, fetch.Assembly.Buffer))
            {
                return false;
            }
            fetch.Assembly.HandedOver();
            fetch.Budget.Reset();
            fetch.Asked.ChunkDone();
        }
        return true;
    }

    /// <summary>Nothing more to ask: the source ends the call once it has sent what was asked, which is all here.</summary>
    private async Task EndAsync(AsyncDuplexStreamingCall<DownloadRequest, ReceivedPiece> call, TimeProvider time)
    {
        await call.RequestStream.CompleteAsync();
        using var ending = new CancellationTokenSource(s_silenceLimit, time);
        if (await call.ResponseStream.MoveNext(ending.Token))
        {
            call.ResponseStream.Current.Dispose();
            _health.Drop("sent bytes after every range it was asked for");
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
            _health.Drop($"sent chunk {chunk} with a SHA-256 that does not match the manifest");
            return false;
        }
        if (download.Plan.Receive(chunk, _key))
        {
            _health.Delivered(data.Length);
            download.Metrics.DownloadReceived(data.Length, download.Manifest.Id, Id);
            download.Store(chunk, buffer);
        }
        else
        {
            // The endgame: another source's copy is already kept.
            download.Buffers.Return(buffer);
        }
        return true;
    }

    /// <summary>The parts of one <c>Fetch</c> call's state: what is asked, the chunk being put together, and the wait budget.</summary>
    private sealed record Fetch(AskedRuns Asked, ChunkAssembly Assembly, WaitBudget Budget);
}
