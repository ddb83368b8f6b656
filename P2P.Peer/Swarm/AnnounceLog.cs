namespace P2P.Peer.Swarm;

/// <summary>The announcing shelf's log messages.</summary>
internal static partial class AnnounceLog
{
    [LoggerMessage(2820, LogLevel.Warning, "Could not announce {Event} of '{FileName}' to the Maestro: {Reason}; the download goes on, and the next announce tries again")]
    public static partial void AnnounceFailed(this ILogger logger, string @event, string fileName, string reason);
}
