namespace P2P.Peer.Files;

internal static partial class FilesLog
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

    [LoggerMessage(12, LogLevel.Debug, "Change in {SharedDir}; rescanning")]
    public static partial void FolderChanged(this ILogger logger, string sharedDir);

    [LoggerMessage(15, LogLevel.Information, "Published '{FileName}' ({Size} bytes, sha256 {Sha256}) into the shared folder")]
    public static partial void Published(this ILogger logger, string fileName, long size, string sha256);

    [LoggerMessage(26, LogLevel.Warning, "Rescanning {SharedDir} failed; the next change retries: {Reason}")]
    public static partial void RescanFailed(this ILogger logger, string sharedDir, string reason);

    [LoggerMessage(28, LogLevel.Warning, "The hash cache was not saved; unchanged files are hashed again after a restart: {Reason}")]
    public static partial void HashCacheNotSaved(this ILogger logger, string reason);

    [LoggerMessage(29, LogLevel.Warning, "Could not delete the staged file {Path}: {Reason}")]
    public static partial void StagedFileNotDeleted(this ILogger logger, string path, string reason);

    [LoggerMessage(61, LogLevel.Debug, "'{FileName}' changed within file_settle_ms; it is registered once it has settled")]
    public static partial void FileNotSettled(this ILogger logger, string fileName);
}
