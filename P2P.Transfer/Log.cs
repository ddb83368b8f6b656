using Microsoft.Extensions.Logging;

namespace P2P.Transfer;

internal static partial class Log
{
    [LoggerMessage(1, LogLevel.Information, "Downloading '{FileName}' ({Size} bytes) from {SourceCount} sources, {Resumed} bytes resumed")]
    public static partial void DownloadStarted(this ILogger logger, string fileName, long size, int sourceCount, long resumed);

    [LoggerMessage(2, LogLevel.Information, "Downloaded '{FileName}' ({Size} bytes), verified, download {DownloadId}")]
    public static partial void DownloadCompleted(this ILogger logger, string fileName, long size, string downloadId);

    [LoggerMessage(3, LogLevel.Warning, "Source {SourceId} is not used: {Reason}")]
    public static partial void SourceUnusable(this ILogger logger, string sourceId, string reason);

    [LoggerMessage(4, LogLevel.Information, "Waiting to download '{FileName}': another download owns version {Sha256} now")]
    public static partial void DownloadWaitingForVersion(this ILogger logger, string fileName, string sha256);
}
