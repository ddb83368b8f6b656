using Grpc.Core;

namespace P2P.Peer.Swarm;

/// <summary>The swarm feature's log messages: serving partial files, availability, upload slots.</summary>
internal static partial class SwarmLog
{
    [LoggerMessage(2801, LogLevel.Warning, "'{FileName}' is not served while it downloads: {MaxEntries} downloads are on the shelf already")]
    public static partial void ShelfFull(this ILogger logger, string fileName, int maxEntries);

    [LoggerMessage(2802, LogLevel.Debug, "Served {Ranges} ranges ({Bytes} bytes) of '{FileName}' from its partial file to {Peer}")]
    public static partial void PartialServed(this ILogger logger, string fileName, int ranges, long bytes, string peer);

    [LoggerMessage(2803, LogLevel.Debug, "Refused {Method} for '{FileName}' from {Downloader}: {Served} downloaders hold its upload slots")]
    public static partial void SlotsBusy(this ILogger logger, string method, string fileName, string downloader, int served);

    [LoggerMessage(2804, LogLevel.Debug, "Ended a call of {Downloader} for '{FileName}' at a range boundary: its slot goes to a waiting downloader")]
    public static partial void SlotRotated(this ILogger logger, string fileName, string downloader);

    [LoggerMessage(2805, LogLevel.Debug, "{Peer} watches '{FileName}' ({Kind}); it downloads it too: {Watching}")]
    public static partial void WatchStarted(this ILogger logger, string peer, string fileName, string kind, bool watching);

    [LoggerMessage(2806, LogLevel.Debug, "Refused a Watch of '{FileName}' from {Peer}: {Status} {Reason}")]
    public static partial void WatchRefused(this ILogger logger, string fileName, string peer, StatusCode status, string reason);
}
