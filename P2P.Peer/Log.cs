using Grpc.Core;

namespace P2P.Peer;

internal static partial class Log
{
    [LoggerMessage(1, LogLevel.Information, "Scanned the shared folder: {FileCount} files, {Hashed} hashed, changed: {Changed}")]
    public static partial void FolderScanned(this ILogger logger, int fileCount, int hashed, bool changed);

    [LoggerMessage(2, LogLevel.Warning, "Skipped '{FileName}': not a valid shared file name")]
    public static partial void FileNameSkipped(this ILogger logger, string fileName);

    [LoggerMessage(3, LogLevel.Warning, "Skipped '{FileName}': a link that leads outside the shared folder")]
    public static partial void LinkOutsideSkipped(this ILogger logger, string fileName);

    [LoggerMessage(4, LogLevel.Warning, "Skipped '{FileName}': {Reason}")]
    public static partial void FileUnreadable(this ILogger logger, string fileName, string reason);

    [LoggerMessage(5, LogLevel.Debug, "'{FileName}' changed while it was hashed; it is hashed again on the next scan")]
    public static partial void FileChangedWhileHashing(this ILogger logger, string fileName);

    [LoggerMessage(6, LogLevel.Information, "Registered with the Maestro at {MaestroUrl}: {FileCount} files")]
    public static partial void Registered(this ILogger logger, string maestroUrl, int fileCount);

    [LoggerMessage(7, LogLevel.Warning, "Registration with the Maestro at {MaestroUrl} failed: {Reason}")]
    public static partial void RegistrationFailed(this ILogger logger, string maestroUrl, string reason);

    [LoggerMessage(8, LogLevel.Information, "The Maestro does not know this peer (restarted or expired); registering again")]
    public static partial void MaestroForgotPeer(this ILogger logger);

    [LoggerMessage(9, LogLevel.Warning, "Heartbeat failed: {Reason}")]
    public static partial void HeartbeatFailed(this ILogger logger, string reason);

    [LoggerMessage(10, LogLevel.Information, "Deregistered from the Maestro")]
    public static partial void Deregistered(this ILogger logger);

    [LoggerMessage(11, LogLevel.Warning, "Deregistration failed; the entry will expire: {Reason}")]
    public static partial void DeregistrationFailed(this ILogger logger, string reason);

    [LoggerMessage(12, LogLevel.Debug, "Change in {SharedDir}; rescanning")]
    public static partial void FolderChanged(this ILogger logger, string sharedDir);

    [LoggerMessage(13, LogLevel.Warning, "Friend {FriendUrl} did not answer: {Reason}")]
    public static partial void FriendUnavailable(this ILogger logger, string friendUrl, string reason);

    [LoggerMessage(14, LogLevel.Warning, "The Maestro at {MaestroUrl} did not answer: {Reason}")]
    public static partial void MaestroUnavailable(this ILogger logger, string maestroUrl, string reason);

    [LoggerMessage(15, LogLevel.Information, "Published '{FileName}' ({Size} bytes, sha256 {Sha256}) into the shared folder")]
    public static partial void Published(this ILogger logger, string fileName, long size, string sha256);

    [LoggerMessage(16, LogLevel.Debug, "Served '{FileName}' bytes [{Offset}, +{Length}) to {Peer}")]
    public static partial void DownloadServed(this ILogger logger, string fileName, long offset, long length, string peer);

    [LoggerMessage(30, LogLevel.Debug, "Served '{FileName}' to {Peer}: {Ranges} ranges, {Bytes} bytes in one Fetch call")]
    public static partial void FetchServed(this ILogger logger, string fileName, int ranges, long bytes, string peer);

    [LoggerMessage(17, LogLevel.Information, "Accepted an upload of '{FileName}' ({Size} bytes, sha256 {Sha256}) from {Peer}")]
    public static partial void UploadAccepted(this ILogger logger, string fileName, long size, string sha256, string peer);

    [LoggerMessage(18, LogLevel.Information, "Upload of '{FileName}' (sha256 {Sha256}) skipped: that version is already shared")]
    public static partial void UploadAlreadyShared(this ILogger logger, string fileName, string sha256);

    [LoggerMessage(19, LogLevel.Warning, "Refused an upload of '{FileName}': {StatusCode} {Reason}")]
    public static partial void UploadRefused(this ILogger logger, string fileName, StatusCode statusCode, string reason);


    [LoggerMessage(22, LogLevel.Warning, "Download of '{FileName}' failed: {Reason}")]
    public static partial void DownloadFailed(this ILogger logger, string fileName, string reason);

    [LoggerMessage(24, LogLevel.Information, "Resuming the unfinished download of '{FileName}' ({DownloadId})")]
    public static partial void DownloadResuming(this ILogger logger, string fileName, string downloadId);

    [LoggerMessage(25, LogLevel.Error, "Download of '{FileName}' failed unexpectedly")]
    public static partial void DownloadCrashed(this ILogger logger, string fileName, Exception exception);

    [LoggerMessage(26, LogLevel.Warning, "Rescanning {SharedDir} failed; the next change retries: {Reason}")]
    public static partial void RescanFailed(this ILogger logger, string sharedDir, string reason);

    [LoggerMessage(27, LogLevel.Warning, "Refused {Method} from {Peer}: {Reason}")]
    public static partial void TransferRefused(this ILogger logger, string method, string peer, string reason);

    [LoggerMessage(28, LogLevel.Warning, "The hash cache was not saved; unchanged files are hashed again after a restart: {Reason}")]
    public static partial void HashCacheNotSaved(this ILogger logger, string reason);

    [LoggerMessage(29, LogLevel.Warning, "Could not delete the staged file {Path}: {Reason}")]
    public static partial void StagedFileNotDeleted(this ILogger logger, string path, string reason);

    [LoggerMessage(51, LogLevel.Warning, "Left out an entry of the answer from {Party}: {Reason}")]
    public static partial void AnswerEntryDropped(this ILogger logger, string party, string reason);

    [LoggerMessage(52, LogLevel.Error, "The registration loop's round failed unexpectedly; it goes on")]
    public static partial void RegistrationRoundCrashed(this ILogger logger, Exception exception);

    [LoggerMessage(60, LogLevel.Warning, "Stopped resuming unfinished downloads; the rest are resumed at the next start: {Reason}")]
    public static partial void ResumeDeferred(this ILogger logger, string reason);

    [LoggerMessage(61, LogLevel.Debug, "'{FileName}' changed within file_settle_ms; it is registered once it has settled")]
    public static partial void FileNotSettled(this ILogger logger, string fileName);

    [LoggerMessage(62, LogLevel.Information, "Deleted the abandoned staged file {Path} (older than staging_max_age_hours)")]
    public static partial void AbandonedStagedFileDeleted(this ILogger logger, string path);

    [LoggerMessage(63, LogLevel.Debug, "Staging collection deferred: a download has not chosen its version yet")]
    public static partial void StagingCollectionDeferred(this ILogger logger);

    [LoggerMessage(64, LogLevel.Error, "Registering the catalog's change failed unexpectedly; the registration loop goes on")]
    public static partial void ChangeRegistrationCrashed(this ILogger logger, Exception exception);

    [LoggerMessage(65, LogLevel.Warning, "Heartbeats paused by an operator: the Maestro will expire this peer")]
    public static partial void HeartbeatsPaused(this ILogger logger);

    [LoggerMessage(66, LogLevel.Information, "Heartbeats resumed by an operator")]
    public static partial void HeartbeatsResumed(this ILogger logger);
}
