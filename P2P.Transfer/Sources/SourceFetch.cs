using Grpc.Core;
using OpenTelemetry;
using P2P.Contracts.Transfer.V1;

namespace P2P.Transfer.Sources;

/// <summary>
/// One <c>Fetch</c> call to a source: asks for runs, the next before the current one has arrived so the source never
/// waits for a request, and puts what it sends together into chunks for <see cref="ChunkIntake"/>. Ends when the plan is
/// complete or the call fails; the chunks asked for and not received go back to the plan, and the error (unless the
/// download itself was cancelled) is held against the source.
/// </summary>
public sealed class SourceFetch(DownloadSource source, FileTransfer.FileTransferClient client, DownloadContext download)
{
    /// <summary>
    /// A message takes milliseconds; a source that keeps this peer waiting this long for one chunk is treated as failed.
    /// A budget per chunk rather than a deadline for the whole call, since a call may carry up to 32 MiB from a slow peer.
    /// </summary>
    public static readonly TimeSpan SilenceLimit = TimeSpan.FromSeconds(30);

    /// <summary>How long a stream may find nothing this source holds to ask for before it ends (swarming only).</summary>
    public static readonly TimeSpan IdleLimit = TimeSpan.FromSeconds(30);

    private static readonly TimeSpan s_idlePoll = TimeSpan.FromMilliseconds(10);

    private readonly AskedRuns _asked = new(download.Manifest);
    private readonly ChunkIntake _intake = new(source, download);
    private bool _requestsClosed;

    /// <summary>How a call ended, for the stream that made it.</summary>
    public enum End
    {
        /// <summary>Done, or failed in a way the source may retry: the stream goes on while the source is usable.</summary>
        Again,

        /// <summary>The source answered that its upload slots are taken.</summary>
        Busy,

        /// <summary>The source held nothing left to ask for, for <see cref="IdleLimit"/>.</summary>
        Idle,
    }

    public async Task<End> RunAsync(int chunksPerRun, CancellationToken cancellationToken)
    {
        using var assembly = new ChunkAssembly(download.Buffers);
        try
        {
            // Not traced (see ChunkReadTracing): the source's span stands for the call, which still carries its context.
            using var untraced = SuppressInstrumentationScope.Begin();
            using var call = client.FetchMessages(new CallOptions(cancellationToken: cancellationToken));
            // Fired at once when the download completes, so that no stream waits for chunks another source has landed.
            using var budget = new WaitBudget(SilenceLimit, download.Time, download.Complete);
            var end = await ReceiveAsync(call, assembly, budget, chunksPerRun, cancellationToken);
            if (end is { } ended)
            {
                return ended;
            }
            if (_asked.Count == 0)
            {
                await EndAsync(call);
            }
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.ResourceExhausted && source.IsWatched && !cancellationToken.IsCancellationRequested)
        {
            return End.Busy;
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            // Every chunk in (some of this source's from another in the endgame) leaves nothing to wait for: no failure.
            if (!download.Complete.IsCancellationRequested)
            {
                source.Health.Fail(FetchFailure.Of(e, _asked.Chunk, assembly.Filled, SilenceLimit));
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Cancelled mid-read, a call can end as Unavailable or a transport error: the download must end as cancelled.
            throw new OperationCanceledException(cancellationToken);
        }
        finally
        {
            foreach (var chunk in _asked.Undelivered())
            {
                download.Plan.Release(chunk, source.Key);
            }
        }
        return End.Again;
    }

    /// <summary>
    /// Asks for runs and takes in what the source sends; null when this stream has nothing left to do or the source was
    /// set aside meanwhile (then <see cref="_asked"/> may still hold runs), else how the call ended early.
    /// </summary>
    private async Task<End?> ReceiveAsync(
        AsyncDuplexStreamingCall<DownloadRequest, ReceivedMessage> call, ChunkAssembly assembly, WaitBudget budget, int chunksPerRun,
        CancellationToken cancellationToken)
    {
        var idleSince = (long?)null;
        while (source.IsUsable && !download.Plan.IsComplete)
        {
            await AskAsync(call.RequestStream, chunksPerRun, cancellationToken);
            if (_asked.Count == 0)
            {
                // Every remaining chunk is fetched twice already (the endgame), waits for its write, or (swarming) is not
                // one this source holds yet: wait for one to land, come back or be announced.
                idleSince ??= download.Time.GetTimestamp();
                if (download.Availability is not null && download.Time.GetElapsedTime(idleSince.Value) >= IdleLimit)
                {
                    return End.Idle;
                }
                await Task.Delay(s_idlePoll, download.Time, cancellationToken);
                continue;
            }
            idleSince = null;
            var arrived = await call.ResponseStream.MoveNext(budget.Start());
            // Waiting for a buffer or a request is this peer's delay, not the source's silence.
            budget.Stop();
            if (!arrived)
            {
                source.Health.Fail(new FetchFailure($"ended the call with chunks [{_asked.Chunk}, {_asked.Oldest.End}) asked for and not sent", false));
                return End.Again;
            }
            using var message = call.ResponseStream.Current;
            if (!await TakeAsync(message, assembly, budget, cancellationToken))
            {
                return End.Again;
            }
        }
        return null;
    }

    private async Task AskAsync(IClientStreamWriter<DownloadRequest> requests, int chunksPerRun, CancellationToken cancellationToken)
    {
        var manifest = download.Manifest;
        while (!_requestsClosed && _asked.Count < DownloadContext.RunsInFlight && download.Plan.TryTake(source.Key, chunksPerRun, out var run))
        {
            _asked.Add(run);
            var start = manifest.OffsetOf(run.First);
            try
            {
                await requests.WriteAsync(
                    new DownloadRequest { FileName = manifest.File, Sha256 = manifest.Sha256, Offset = start, Length = manifest.EndOf(run) - start },
                    cancellationToken);
            }
            catch (Exception e) when ((e is RpcException or OperationCanceledException or InvalidOperationException)
                && !cancellationToken.IsCancellationRequested)
            {
                // The source ended the call; a write learns only that (often as a bare cancellation), the response says why.
                _requestsClosed = true;
            }
        }
    }

    /// <summary>
    /// Takes one message's bytes into chunks, each verified and handed over as soon as it is full, so a stream holds one
    /// chunk buffer at a time; false when the source is dropped for what it sent.
    /// </summary>
    private async Task<bool> TakeAsync(ReceivedMessage message, ChunkAssembly assembly, WaitBudget budget, CancellationToken cancellationToken)
    {
        if (message.Length == 0)
        {
            source.Health.Drop("sent an empty message, which moves nothing forward");
            return false;
        }
        if (_asked.Accept(message.Offset, message.Length) is { } misplaced)
        {
            source.Health.Drop(misplaced);
            return false;
        }
        for (var taken = 0; taken < message.Length;)
        {
            var length = download.Manifest.LengthOf(_asked.Chunk);
            taken += await assembly.FillAsync(message.Memory[taken..], length, cancellationToken);
            if (assembly.Filled < length)
            {
                continue;
            }
            if (!_intake.Keep(_asked.Chunk, assembly.Buffer))
            {
                return false;
            }
            assembly.HandedOver();
            budget.Reset();
            _asked.ChunkDone();
        }
        return true;
    }

    /// <summary>Nothing more to ask: the source ends the call once it has sent what was asked, which is all here.</summary>
    private async Task EndAsync(AsyncDuplexStreamingCall<DownloadRequest, ReceivedMessage> call)
    {
        await call.RequestStream.CompleteAsync();
        using var ending = new CancellationTokenSource(SilenceLimit, download.Time);
        if (await call.ResponseStream.MoveNext(ending.Token))
        {
            call.ResponseStream.Current.Dispose();
            source.Health.Drop("sent bytes after every range it was asked for");
        }
    }
}
