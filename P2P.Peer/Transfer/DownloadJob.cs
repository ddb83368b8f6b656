using System.Diagnostics;
using P2P.Peer.Files;

namespace P2P.Peer.Transfer;

/// <summary>
/// One download, from discovery to publication: find sources, agree on one manifest, fetch chunks from every
/// usable source at once, verify each chunk and then the whole file, and publish it atomically. Interrupted, it
/// leaves a partial file that the next attempt resumes from.
/// </summary>
public sealed class DownloadJob(string id, StartDownloadRequest request, DownloadServices services)
{
    /// <summary>Rounds of source discovery when every known source has failed, before the download gives up.</summary>
    private const int DiscoveryRounds = 4;

    private readonly CancellationTokenSource _cancel = new();
    private readonly DateTimeOffset _createdAt = services.Time.GetUtcNow();
    private readonly List<DownloadSource> _sources = [];
    private readonly SourceSurvey _survey = new(services);
    private volatile DownloadContext? _context;
    private DateTimeOffset? _finishedAt;
    private long _bytesResumed;

    public string Id { get; } = id;

    public string File { get; } = request.File!;

    public DownloadState State { get; private set; } = DownloadState.Queued;

    public string? Error { get; private set; }

    public string? Sha256 { get; private set; } = request.Sha256;

    public long BytesTotal { get; private set; }

    public bool IsFinished => State is DownloadState.Completed or DownloadState.Failed or DownloadState.Cancelled;

    public void Cancel() => _cancel.Cancel();

    public DownloadStatus ToStatus()
    {
        var context = _context;
        SourceStatus[] sources;
        lock (_sources)
        {
            sources = _sources.Select(s => s.ToStatus()).ToArray();
        }
        var done = State == DownloadState.Completed ? BytesTotal : context?.BytesDone ?? 0;
        return new DownloadStatus(Id, File, State, done, BytesTotal, _bytesResumed, context?.BytesPerSecond ?? 0, Sha256, sources, Error, _createdAt, _finishedAt);
    }

    public async Task RunAsync(SemaphoreSlim slots, CancellationToken stopping)
    {
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(stopping, _cancel.Token);
        var token = cancel.Token;
        using var activity = TransferMetrics.ActivitySource.StartActivity("download");
        activity?.SetTag("p2p.file", File);
        activity?.SetTag("p2p.download.id", Id);
        try
        {
            await slots.WaitAsync(token);
            try
            {
                services.Metrics.ActiveTransfers.Add(1);
                State = DownloadState.Running;
                await DownloadAsync(activity, token);
                State = DownloadState.Completed;
            }
            finally
            {
                services.Metrics.ActiveTransfers.Add(-1);
                slots.Release();
            }
        }
        catch (OperationCanceledException) when (_cancel.IsCancellationRequested || stopping.IsCancellationRequested)
        {
            Error = stopping.IsCancellationRequested ? "The peer is stopping; the download resumes when it starts again." : null;
            State = DownloadState.Cancelled;
        }
        catch (Exception e) when (StorageFailure.Describe(e, $"save '{File}'") is { } plain)
        {
            // The state is set last: whoever reads "failed" also reads the error, and finds the space already freed.
            if (StorageFailure.IsDiskFull(e) && Sha256 is not null)
            {
                // A partial file on a full disk keeps it full for everything else: resuming is not worth that.
                services.Staging.Discard(PartialDownload.KeyOf(Sha256));
                plain += " The partial download was discarded to free the space.";
            }
            Error = plain;
            State = DownloadState.Failed;
            services.Logger.DownloadFailed(File, e.Message);
        }
        catch (Exception e) when (e is DownloadFailedException or IOException or UnauthorizedAccessException)
        {
            Error = e.Message;
            State = DownloadState.Failed;
            services.Logger.DownloadFailed(File, e.Message);
        }
        catch (Exception e)
        {
            // Nobody awaits a job: an unexpected error must still end it as failed, and be logged whole.
            Error = $"Unexpected error: {e.Message}";
            State = DownloadState.Failed;
            services.Logger.DownloadCrashed(File, e);
        }
        finally
        {
            _finishedAt = services.Time.GetUtcNow();
            activity?.SetTag("p2p.download.state", State.ToString());
            if (State != DownloadState.Completed)
            {
                activity?.SetStatus(ActivityStatusCode.Error, Error);
            }
        }
    }

    private async Task DownloadAsync(Activity? activity, CancellationToken token)
    {
        var located = await services.Finder.FindAsync(File, request.Sources, token);
        var (manifest, agreeing) = await _survey.AgreeAsync(Id, File, Sha256, located, token);
        Sha256 = manifest.Sha256;
        BytesTotal = manifest.Size;
        activity?.SetTag("p2p.sha256", manifest.Sha256);
        activity?.SetTag("p2p.size", manifest.Size);

        if (services.Catalog.Find(File) is { } local)
        {
            if (local.Sha256 == manifest.Sha256)
            {
                return;
            }
            throw new DownloadFailedException($"A different version of '{File}' is already shared here ({local.Sha256}); it is never overwritten.");
        }

        var (partial, verified) = await PartialDownload.OpenAsync(services.Staging, manifest with { Id = Id }, token);
        using (partial)
        {
            var context = new DownloadContext(partial, new ChunkPlan(manifest.ChunkCount, verified), new RateMeter(services.Time), services.Metrics, services.Time);
            using var stopHashing = CancellationTokenSource.CreateLinkedTokenSource(token);
            var hashing = context.Hasher.RunAsync(stopHashing.Token);
            context.Resumed(verified);
            _bytesResumed = context.BytesDone;
            _context = context;
            activity?.SetTag("p2p.bytes_resumed", _bytesResumed);
            services.Logger.DownloadStarted(File, manifest.Size, agreeing.Count, _bytesResumed);

            try
            {
                await FetchAllAsync(context, agreeing, token);
            }
            catch
            {
                // The hasher waits for chunks that will not come: stop it, and observe its end.
                await stopHashing.CancelAsync();
                await hashing.ContinueWith(static _ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
                throw;
            }

            State = DownloadState.Verifying;
            var actual = await hashing;
            if (actual != manifest.Sha256)
            {
                partial.Discard();
                throw new DownloadFailedException($"Every chunk matched the manifest but the whole file hashes to {actual}, not {manifest.Sha256}: the sources' manifest is wrong.");
            }
            partial.FlushToDisk();
            partial.Dispose();
            try
            {
                await services.Staging.PublishAsync(partial.Path, File, new FileDigest(manifest.Size, manifest.Sha256, manifest.ChunkHashes), token);
            }
            catch (FileVersionConflictException e)
            {
                throw new DownloadFailedException(e.Message);
            }
            partial.Discard();
        }
        services.Logger.DownloadCompleted(File, BytesTotal, Id);
    }

    private async Task FetchAllAsync(DownloadContext context, IReadOnlyList<SourceSurvey.Candidate> agreeing, CancellationToken token)
    {
        var candidates = agreeing;
        for (var round = 0; ; round++)
        {
            var fresh = Enlist(candidates);
            await Task.WhenAll(fresh.Select(s => s.RunAsync(context, services.StreamsPerSource, token)));
            if (context.Plan.IsComplete)
            {
                return;
            }
            if (round >= DiscoveryRounds)
            {
                var missing = context.Plan.Missing();
                throw new DownloadFailedException(
                    $"No source could provide {missing.Count} of {context.Manifest.ChunkCount} chunks (first missing: {missing[0]}); " +
                    $"{context.BytesDone} bytes are verified and kept for a later attempt. Sources: " +
                    string.Join("; ", ToStatus().Sources.Select(s => $"{s.Id} {s.State}: {s.Error}")));
            }
            // Every source failed or was dropped: look again, since peers come back and others may have the file now.
            await Task.Delay(TimeSpan.FromSeconds(1 << round), services.Time, token);
            candidates = await SurveyAgainAsync(context.Manifest, token);
        }
    }

    private async Task<IReadOnlyList<SourceSurvey.Candidate>> SurveyAgainAsync(DownloadManifest manifest, CancellationToken token)
    {
        var located = await services.Finder.FindAsync(File, request.Sources, token);
        return await _survey.AgreeingWithAsync(manifest, located, token);
    }

    /// <summary>Adds the sources not already in use; a source that lied once is never asked again, one that failed may be back.</summary>
    private List<DownloadSource> Enlist(IReadOnlyList<SourceSurvey.Candidate> candidates)
    {
        var fresh = new List<DownloadSource>();
        lock (_sources)
        {
            foreach (var (location, client) in candidates)
            {
                if (_sources.Any(s => s.GrpcUrl == location.GrpcUrl && (s.IsUsable || s.IsCorrupt)))
                {
                    continue;
                }
                _sources.RemoveAll(s => s.GrpcUrl == location.GrpcUrl);
                var source = new DownloadSource(location, client);
                _sources.Add(source);
                fresh.Add(source);
            }
        }
        return fresh;
    }
}
