namespace P2P.Peer.Discovery;

internal static partial class DiscoveryLog
{
    [LoggerMessage(13, LogLevel.Warning, "Friend {FriendUrl} did not answer: {Reason}")]
    public static partial void FriendUnavailable(this ILogger logger, string friendUrl, string reason);

    [LoggerMessage(14, LogLevel.Warning, "The Maestro at {MaestroUrl} did not answer: {Reason}")]
    public static partial void MaestroUnavailable(this ILogger logger, string maestroUrl, string reason);
}
