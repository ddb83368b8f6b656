using Microsoft.Extensions.Options;
using P2P.Peer.Files;
using P2P.Transfer;
using P2P.Transfer.Storage;

namespace P2P.Peer.Downloads;

/// <summary>
/// The peer's downloads: starts them (a bounded number at once, the rest queued), answers for their status,
/// cancels them, and on start-up resumes every download a previous run of the peer left unfinished.
/// </summary>
public sealed class DownloadManager(DownloadServices services, IOptions<PeerOptions> options, IHostApplicationLifetime lifetime)
    : BackgroundService
{
    private readonly DownloadJobList<DownloadJob> _jobs = new(
        TimeSpan.FromSeconds(options.Value.FinishedDownloadRetentionSeconds), options.Value.MaxFinishedDownloads, options.Value.MaxQueuedDownloads,
        services.Time);
    private readonly SemaphoreSlim _slots = new(options.Value.MaxConcurrentDownloads, options.Value.MaxConcurrentDownloads);

    public IEnumerable<DownloadJob> Jobs => _jobs.Snapshot().OrderBy(j => j.ToStatus().CreatedAt);

    public DownloadJob? Find(string id) => _jobs.Find(id);

    /// <summary>The staging keys of unfinished downloads; null while one has not yet chosen its version, so any partial may be about to be resumed.</summary>
    public IReadOnlySet<string>? StagingKeysInUse()
    {
        var unfinished = _jobs.Snapshot().Where(j => !j.IsFinished).ToList();
        return unfinished.Any(j => j.Sha256 is null) ? null : unfinished.Select(j => StagingPath.DownloadKey(j.Sha256!)).ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>Starts a download, or returns the one already under way for the same file.</summary>
    /// <exception cref="DownloadQueueFullException">As many downloads as the peer takes are already running or queued.</exception>
    public DownloadJob Start(StartDownloadRequest request, string? id = null)
    {
        var (job, created) = _jobs.GetOrAdd(j => j.File == request.File, () => new DownloadJob(id ?? DownloadId.New(), request, services));
        if (created)
        {
            _ = Task.Run(() => job.RunAsync(_slots, lifetime.ApplicationStopping), CancellationToken.None);
        }
        return job;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Resumed once the peer has scanned and can serve; the partial files' own checks decide what is kept.
        await Task.Yield();
        foreach (var manifest in PartialDownload.FindUnfinished(services.Target))
        {
            stoppingToken.ThrowIfCancellationRequested();
            services.Logger.DownloadResuming(manifest.File, manifest.Id);
            try
            {
                Start(new StartDownloadRequest(manifest.File, Sha256: manifest.Sha256), manifest.Id);
            }
            catch (DownloadQueueFullException e)
            {
                // The rest stay on disk for the next start; the staging collector removes them once abandoned long enough.
                services.Logger.ResumeDeferred(e.Message);
                return;
            }
        }
    }
}
