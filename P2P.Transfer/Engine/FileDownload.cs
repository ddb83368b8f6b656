using System.Diagnostics;
using P2P.Transfer.Hashing;
using P2P.Transfer.Planning;
using P2P.Transfer.Sources;
using P2P.Transfer.Storage;
using P2P.Transfer.Swarm;
using P2P.Transfer.Telemetry;

namespace P2P.Transfer.Engine;

/// <summary>
/// The engine of one download, whoever runs it: agree on one manifest among the located sources, fetch chunks from
/// every usable source at once, verify each chunk and then the whole file, and publish it to the target atomically.
/// Interrupted, it leaves a partial file that the next attempt resumes from. With <paramref name="swarm"/>, it also
/// takes chunks from partial holders and serves its own (<see cref="SwarmFetch"/>).
/// </summary>
/// <param name="findSources">
/// Locates the file's sources, given the version once it is known; asked again whenever every known source has failed,
/// and (swarming) while the download has fewer sources than it could use.
/// </param>
/// <param name="swarm">How the download takes part in a swarm; null for swarming off.</param>
public sealed class FileDownload(
    string id, string file, string? sha256, Func<string?, CancellationToken, Task<IReadOnlyList<SourceAddress>>> findSources,
    IDownloadTarget target, TransferServices services, int streamsPerSource, SwarmSettings? swarm = null)
{
    /// <summary>Rounds of source discovery when every known source has failed, before the download gives up.</summary>
    private const int DiscoveryRounds = 4;

    private readonly SourceRoster _roster = new();
    private readonly SourceSurvey _survey = new(services.Channels, services.Time, services.Logger, partials: swarm is not null);
    private volatile DownloadContext? _context;
    private volatile string? _sha256 = sha256;
    private long _bytesTotal;
    private long _bytesResumed;
    private volatile bool _isVerifying;

    public string Id { get; } = id;

    public string File { get; } = file;

    /// <summary>The version asked for, or once the sources are surveyed, the one chosen; read from any thread.</summary>
    public string? Sha256 => _sha256;

    public long BytesTotal => Interlocked.Read(ref _bytesTotal);

    public long BytesResumed => Interlocked.Read(ref _bytesResumed);

    public long BytesDone => _context?.BytesDone ?? 0;

    public double BytesPerSecond => _context?.BytesPerSecond ?? 0;

    /// <summary>Every chunk is in; the whole-file hash is being checked and the file published.</summary>
    public bool IsVerifying => _isVerifying;

    public IReadOnlyList<SourceStatus> Sources => _roster.Statuses;

    /// <summary>Runs the download; returns false when the target already held this very file, so nothing was fetched.</summary>
    public async Task<bool> RunAsync(Activity? activity, CancellationToken token)
    {
        var located = await findSources(Sha256, token);
        var (manifest, agreeing) = await _survey.AgreeAsync(Id, File, Sha256, located, token);
        _sha256 = manifest.Sha256;
        Interlocked.Exchange(ref _bytesTotal, manifest.Size);
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
            // Taken off the shelf (disposed) before the partial is published, discarded or left.
            var shelved = (swarm is null ? NoShelf.Instance : services.Shelf).Put(partial.Manifest, partial.Path, verified);
            var availability = swarm is null ? null : new ChunkAvailability(manifest.ChunkCount);
            var picker = availability is null ? null : new SwarmPicker(availability, Random.Shared);
            using var context = new DownloadContext(
                partial, new ChunkPlan(manifest.ChunkCount, verified, picker: picker), new RateMeter(services.Time), services.Metrics, services.Time,
                services.Buffers, availability, shelved.Verified);
            using var stopHashing = CancellationTokenSource.CreateLinkedTokenSource(token);
            var hashing = context.Hasher.RunAsync(stopHashing.Token);
            context.Resumed(verified);
            Interlocked.Exchange(ref _bytesResumed, context.BytesDone);
            _context = context;
            activity?.SetTag("p2p.bytes_resumed", BytesResumed);
            services.Logger.DownloadStarted(File, manifest.Size, agreeing.Count, BytesResumed);

            try
            {
                // A failed write stops every stream at once; the write's error is then what the download reports.
                using var fetching = CancellationTokenSource.CreateLinkedTokenSource(token, context.Writer.Failed);
                try
                {
                    await FetchAllAsync(context, agreeing, activity, fetching.Token);
                }
                finally
                {
                    // Every stream has ended: the writer writes what is queued (verified chunks a resume keeps), then stops.
                    context.Writer.Dispose();
                    shelved.Dispose();
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

            _isVerifying = true;
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
            throw new FileHashMismatchException(
                $"Every chunk matched the manifest but the whole file hashes to {actual}, not {manifest.Sha256}: the sources' manifest is wrong.");
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

    private async Task FetchAllAsync(
        DownloadContext context, IReadOnlyList<SourceSurvey.Candidate> agreeing, Activity? activity, CancellationToken token)
    {
        if (swarm is not null)
        {
            await new SwarmFetch(_roster, _survey, findSources, swarm, streamsPerSource, services.Time, activity)
                .RunAsync(context, agreeing, DiscoveryRounds, token);
            return;
        }
        var candidates = agreeing;
        for (var round = 0; ; round++)
        {
            var fresh = _roster.Enlist(candidates, s => s.IsUsable);
            var streams = DownloadContext.StreamsPerSource(streamsPerSource, fresh.Count);
            // A round may find no source it can use (only ones that lied, or none at all): it then just looks again.
            if (fresh.Count > 0)
            {
                context.Plan.ShareAmong(streams * fresh.Count);
                var chunksPerRun = DownloadContext.ChunksPerRun(streams * fresh.Count);
                await Task.WhenAll(fresh.Select(s => s.Source.RunAsync(context, streams, chunksPerRun, token)));
            }
            if (context.Plan.IsComplete)
            {
                return;
            }
            if (round >= DiscoveryRounds)
            {
                throw new DownloadFailedException(_roster.NoSourceLeft(context));
            }
            // Every source failed or was dropped: look again, since peers come back and others may have the file now.
            await Task.Delay(TimeSpan.FromSeconds(1 << round), services.Time, token);
            candidates = await SurveyAgainAsync(context.Manifest, token);
        }
    }

    private async Task<IReadOnlyList<SourceSurvey.Candidate>> SurveyAgainAsync(DownloadManifest manifest, CancellationToken token)
    {
        var located = await findSources(manifest.Sha256, token);
        return await _survey.AgreeingWithAsync(manifest, located, token);
    }
}
