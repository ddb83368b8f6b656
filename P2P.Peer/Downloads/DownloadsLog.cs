namespace P2P.Peer.Downloads;

internal static partial class DownloadsLog
{
    [LoggerMessage(22, LogLevel.Warning, "Download of '{FileName}' failed: {Reason}")]
    public static partial void DownloadFailed(this ILogger logger, string fileName, string reason);

    [LoggerMessage(24, LogLevel.Information, "Resuming the unfinished download of '{FileName}' ({DownloadId})")]
    public static partial void DownloadResuming(this ILogger logger, string fileName, string downloadId);

    [LoggerMessage(25, LogLevel.Error, "Download of '{FileName}' failed unexpectedly")]
    public static partial void DownloadCrashed(this ILogger logger, string fileName, Exception exception);

    [LoggerMessage(60, LogLevel.Warning, "Stopped resuming unfinished downloads; the rest are resumed at the next start: {Reason}")]
    public static partial void ResumeDeferred(this ILogger logger, string reason);

    [LoggerMessage(62, LogLevel.Information, "Deleted the abandoned staged file {Path} (older than staging_max_age_hours)")]
    public static partial void AbandonedStagedFileDeleted(this ILogger logger, string path);

    [LoggerMessage(63, LogLevel.Debug, "Staging collection deferred: a download has not chosen its version yet")]
    public static partial void StagingCollectionDeferred(this ILogger logger);
}
