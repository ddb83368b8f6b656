using System.Diagnostics;
using P2P.Transfer.Hashing;
using P2P.Transfer.Planning;
using P2P.Transfer.Sources;
using P2P.Transfer.Storage;
using P2P.Transfer.Telemetry;

namespace P2P.Transfer;

/// <summary>
/// The engine of one download, whoever runs it: agree on one manifest among the located sources, fetch chunks from
/// every usable source at once, verify each chunk and then the whole file, and publish it to the target atomically.
/// Interrupted, it leaves a partial file that the next attempt resumes from.
/// </summary>
/// <param name="findSources">Locates the file's sources; asked again whenever every known source has failed.</param>
public sealed class FileDownload(
    string id, string file, string? sha256, Func<CancellationToken, Task<IReadOnlyList<SourceAddress>>> findSources,
    IDownloadTarget target, TransferServices services, int streamsPerSource)
{
    /// <summary>Rounds of source discovery when every known source has failed, before the download gives up.</summary>
    private const int DiscoveryRounds = 4;

    private readonly List<DownloadSource> _sources = [];
    private readonly SourceSurvey _survey = new(services);
    private volatile DownloadContext? _context;

    public string Id { get; } = id;

    public string File { get; } = file;

    public string? Sha256 { get; private set; } = sha256;

    public long BytesTotal { get; private set; }

    public long BytesResumed { get; private set; }

    public long BytesDone => _context?.BytesDone ?? 0;

    public double BytesPerSecond => _context?.BytesPerSecond ?? 0;

    /// <summary>Every chunk is in; the whole-file hash is being checked and the file published.</summary>
    public bool IsVerifying { get; private set; }

    public IReadOnlyList<SourceStatus> Sources
    {
        get
        {
            lock (_sources)
            {
                return _sources.Select(s => s.ToStatus()).ToArray();
            }
        }
    }

    /// <summary>Runs the download; returns false when the target already held this very file, so nothing was fetched.</summary>
    public async Task<bool> RunAsync(Activity? activity, CancellationToken token)
    {
        var located = await findSources(token);
        var (manifest, agreeing) = await _survey.AgreeAsync(Id, File, Sha256, located, token);
        Sha256 = manifest.Sha256;
        BytesTotal = manifest.Size;
        activity?.SetTag("p2p.sha256", manifest.Sha256);
        activity?.SetTag("p2p.size", manifest.Size);

        if (await IsAlreadyThereAsync(manifest, token))
        {
            return false;
        }

        using var room = target.ReserveRoom(File, manifest.Size, target.PartialPath(StagingPath.DownloadKey(manifest.Sha256)));
        var (partial, verified) = await PartialDownload.OpenAsync(
            target, manifest with { Id = Id }, services.Time, () => services.Logger.DownloadWaitingForVersion(File, manifest.Sha256), token);
        using (partial)
        {
            using var context = new DownloadContext(partial, new ChunkPlan(manifest.ChunkCount, verified), new RateMeter(services.Time), services.Metrics, services.Time, services.Buffers);
            using var stopHashing = CancellationTokenSource.CreateLinkedTokenSource(token);
            var hashing = context.Hasher.RunAsync(stopHashing.Token);
            context.Resumed(verified);
            BytesResumed = context.BytesDone;
            _context = context;
            activity?.SetTag("p2p.bytes_resumed", BytesResumed);
            services.Logger.DownloadStarted(File, manifest.Size, agreeing.Count, BytesResumed);

            try
            {
                // A failed write stops every stream at once; the write's error is then what the download reports.
                using var fetching = CancellationTokenSource.CreateLinkedTokenSource(token, context.Writer.Failed);
                try
                {
                    await FetchAllAsync(context, agreeing, fetching.Token);
                }
                finally
                {
                    // Every stream has ended: the writer writes what is queued (verified chunks a resume keeps), then stops.
                    context.Writer.Dispose();
                }
            }
            catch
            {
                // The hasher waits for chunks that will not come: stop it, and observe its end.
                await stopHashing.CancelAsync();
                await hashing.ContinueWith(static _ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
                context.Writer.ThrowIfFailed();
                throw;
            }

            IsVerifying = true;
            await PublishAsync(partial, await hashing, token);
        }
        services.Logger.DownloadCompleted(File, BytesTotal, Id);
        return true;
    }

    /// <summary>True when the target holds this very version already; a different one is never overwritten.</summary>
    private async Task<bool> IsAlreadyThereAsync(DownloadManifest manifest, CancellationToken token)
    {
        if (await target.ExistingSha256Async(File, token) is not { } existing)
        {
            return false;
        }
        return existing == manifest.Sha256
            ? true
            : throw new DownloadFailedException($"A different version of '{File}' is already there ({existing}); it is never overwritten.");
    }

    /// <summary>Checks the whole file's hash, <paramref name="actual"/>, and hands the file to the target.</summary>
    private async Task PublishAsync(PartialDownload partial, string actual, CancellationToken token)
    {
        var manifest = partial.Manifest;
        if (actual != manifest.Sha256)
        {
            partial.Discard();
            throw new FileHashMismatchException($"Every chunk matched the manifest but the whole file hashes to {actual}, not {manifest.Sha256}: the sources' manifest is wrong.");
        }
        partial.Close();
        try
        {
            await target.PublishAsync(partial.Path, File, new FileDigest(manifest.Size, manifest.Sha256, manifest.ChunkHashes), token);
        }
        catch (FileVersionConflictException e)
        {
            throw new DownloadFailedException(e.Message);
        }
        partial.Discard();
    }

    private async Task FetchAllAsync(DownloadContext context, IReadOnlyList<SourceSurvey.Candidate> agreeing, CancellationToken token)
    {
        var candidates = agreeing;
        for (var round = 0; ; round++)
        {
            var fresh = Enlist(candidates);
            var streams = DownloadContext.StreamsPerSource(streamsPerSource, fresh.Count);
            // A round may find no source it can use (only ones that lied, or none at all): it then just looks again.
            if (fresh.Count > 0)
            {
                context.Plan.ShareAmong(streams * fresh.Count);
                var chunksPerRun = DownloadContext.ChunksPerRun(streams * fresh.Count);
                await Task.WhenAll(fresh.Select(s => s.RunAsync(context, streams, chunksPerRun, token)));
            }
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
                    string.Join("; ", Sources.Select(s => $"{s.Id} {s.State.ToString().ToLowerInvariant()}: {s.Error}")));
            }
            // Every source failed or was dropped: look again, since peers come back and others may have the file now.
            await Task.Delay(TimeSpan.FromSeconds(1 << round), services.Time, token);
            candidates = await SurveyAgainAsync(context.Manifest, token);
        }
    }

    private async Task<IReadOnlyList<SourceSurvey.Candidate>> SurveyAgainAsync(DownloadManifest manifest, CancellationToken token)
    {
        var located = await findSources(token);
        return await _survey.AgreeingWithAsync(manifest, located, token);
    }

    /// <summary>Adds the sources not already in use; a source that lied once is never asked again, one that failed may be back.</summary>
    private List<DownloadSource> Enlist(IReadOnlyList<SourceSurvey.Candidate> candidates)
    {
        var fresh = new List<DownloadSource>();
        lock (_sources)
        {
            foreach (var (address, client) in candidates)
            {
                if (_sources.Any(s => s.GrpcUrl == address.GrpcUrl && (s.IsUsable || s.IsCorrupt)))
                {
                    continue;
                }
                _sources.RemoveAll(s => s.GrpcUrl == address.GrpcUrl);
                var source = new DownloadSource(address, client);
                _sources.Add(source);
                fresh.Add(source);
            }
        }
        return fresh;
    }
}
