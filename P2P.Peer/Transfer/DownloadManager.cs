using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using P2P.Peer.Files;
using P2P.Transfer;

namespace P2P.Peer.Transfer;

/// <summary>
/// The peer's downloads: starts them (a bounded number at once, the rest queued), answers for their status,
/// cancels them, and on start-up resumes every download a previous run of the peer left unfinished.
/// </summary>
public sealed class DownloadManager(DownloadServices services, StagingArea staging, IOptions<PeerOptions> options, IHostApplicationLifetime lifetime)
    : BackgroundService
{
    private readonly ConcurrentDictionary<string, DownloadJob> _jobs = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _slots = new(options.Value.MaxConcurrentDownloads, options.Value.MaxConcurrentDownloads);
    private readonly Lock _startLock = new();

    public IEnumerable<DownloadJob> Jobs => _jobs.Values.OrderBy(j => j.ToStatus().CreatedAt);

    public DownloadJob? Find(string id) => _jobs.GetValueOrDefault(id);

    /// <summary>Starts a download, or returns the one already under way for the same file.</summary>
    public DownloadJob Start(StartDownloadRequest request, string? id = null)
    {
        lock (_startLock)
        {
            if (_jobs.Values.FirstOrDefault(j => j.File == request.File && !j.IsFinished) is { } running)
            {
                return running;
            }
            var job = new DownloadJob(id ?? Guid.NewGuid().ToString("N"), request, services);
            _jobs[job.Id] = job;
            _ = Task.Run(() => job.RunAsync(_slots, lifetime.ApplicationStopping), CancellationToken.None);
            return job;
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Resumed once the peer has scanned and can serve; the partial files' own checks decide what is kept.
        await Task.Yield();
        foreach (var manifest in PartialDownload.FindUnfinished(staging))
        {
            stoppingToken.ThrowIfCancellationRequested();
            services.Logger.DownloadResuming(manifest.File, manifest.Id);
            Start(new StartDownloadRequest(manifest.File, Sha256: manifest.Sha256), manifest.Id);
        }
    }
}
