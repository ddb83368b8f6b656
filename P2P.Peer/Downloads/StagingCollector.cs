using Microsoft.Extensions.Options;
using P2P.Peer.Files;

namespace P2P.Peer.Downloads;

/// <summary>
/// Deletes, once an hour, what abandoned transfers left in the staging folder: files last written more than
/// <c>staging_max_age_hours</c> ago that no unfinished download uses. A running transfer writes far more often than
/// that (an upload is cut off after <c>fetch_idle_seconds</c> of silence), so only the unused are old enough.
/// </summary>
public sealed class StagingCollector(
    StagingArea staging, DownloadManager downloads, IOptions<PeerOptions> options, TimeProvider time, ILogger<StagingCollector> logger)
    : BackgroundService
{
    /// <summary>Time between passes: an hour, the shortest age a staged file may be deleted at.</summary>
    public static readonly TimeSpan Period = TimeSpan.FromHours(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // The first pass waits a period, so the downloads resumed at start have claimed their partial files.
        using var timer = new PeriodicTimer(Period, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            Collect();
        }
    }

    private void Collect()
    {
        if (downloads.StagingKeysInUse() is not { } inUse)
        {
            // A download that has not chosen its version yet may be about to resume any partial file: try next time.
            logger.StagingCollectionDeferred();
            return;
        }
        var olderThan = time.GetUtcNow() - TimeSpan.FromHours(options.Value.StagingMaxAgeHours);
        foreach (var path in staging.DeleteAbandoned(olderThan, inUse))
        {
            logger.AbandonedStagedFileDeleted(path);
        }
    }
}
